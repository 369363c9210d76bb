/**
 * The client's side of the contract (protocol/): requests and notifications sent by their method in the protocol's
 * maps, so that their parameters and results are the ones the server's handlers are typed with.
 */
import type { LanguageClient } from 'vscode-languageclient/node';
import type { NotificationMap, NotificationMethod, ParamsOf, RequestMethod, ResultOf } from '../../protocol/index.js';

export * from '../../protocol/index.js';
export { isReport, PRINT_CSS, SCREEN_CSS } from '../../protocol/assets.js';

export function request<M extends RequestMethod>(client: LanguageClient, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  return client.sendRequest<ResultOf<M>>(method, params);
}

export function notify<M extends NotificationMethod>(client: LanguageClient, method: M, params: NotificationMap[M]): Promise<void> {
  return client.sendNotification(method, params);
}

export function onNotification<M extends NotificationMethod>(client: LanguageClient, method: M, handler: (params: NotificationMap[M]) => void): void {
  client.onNotification(method, handler);
}
