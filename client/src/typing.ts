/**
 * Two things a first-time clerk runs into while typing:
 *  - A report pasted into an untitled editor is guessed to be some other language (VS Code's detection has called it
 *    "Ini"), so nothing checks it: an untitled document whose text is a report becomes Markdown, once.
 *  - VS Code keeps quick suggestions off in Markdown, so the standard rows appeared only on Ctrl+Space or right after
 *    '|' was typed: in a report, typing in the first cell of a table row asks for them, as quick suggestions would.
 *    `xxgk.suggestRowsWhileTyping` turns that off.
 */
import * as vscode from 'vscode';

const converted = new Set<string>();

/** Makes an untitled document that holds a report Markdown (once per document; the user may switch it back). */
export function adoptUntitledReport(doc: vscode.TextDocument, isReportText: (doc: vscode.TextDocument) => boolean): void {
  if (!doc.isUntitled || doc.languageId === 'markdown' || converted.has(doc.uri.toString())) return;
  if (!isReportText(doc)) return;
  converted.add(doc.uri.toString());
  void vscode.languages.setTextDocumentLanguage(doc, 'markdown').then(undefined, () => undefined);
}

/** Whether VS Code already offers suggestions as one types in Markdown (then nothing needs triggering). */
function quickSuggestionsOn(doc: vscode.TextDocument): boolean {
  const q = vscode.workspace.getConfiguration('editor', { languageId: 'markdown', uri: doc.uri }).get<unknown>('quickSuggestions');
  if (q === true || q === 'on') return true;
  return !!q && typeof q === 'object' && ((q as Record<string, unknown>).other === true || (q as Record<string, unknown>).other === 'on');
}

/** After a keystroke in a report: in the first cell of a table row, ask for the row completions. */
export function suggestRowWhileTyping(e: vscode.TextDocumentChangeEvent, isReport: (doc: vscode.TextDocument) => boolean): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document !== e.document || e.reason !== undefined || e.contentChanges.length !== 1) return;
  const c = e.contentChanges[0];
  // Typing, or an input method committing a few characters: not a paste, a line break or a deletion.
  if (!c.text || c.text.length > 8 || /[\r\n|]/.test(c.text) || c.text.trim() === '') return;
  const doc = e.document;
  if (!isReport(doc) || !vscode.workspace.getConfiguration('xxgk', doc.uri).get<boolean>('suggestRowsWhileTyping', true) || quickSuggestionsOn(doc)) return;
  const line = c.range.start.line;
  const at = c.range.start.character + c.text.length;
  const text = doc.lineAt(line).text;
  if (!/^\s*\|[^|]*$/.test(text.slice(0, at))) return;
  const neighbour = (l: number) => l >= 0 && l < doc.lineCount && doc.lineAt(l).text.trimStart().startsWith('|');
  if (!neighbour(line - 1) && !neighbour(line + 1)) return;
  void vscode.commands.executeCommand('editor.action.triggerSuggest');
}
