/** Patterns of a published page shared by the readers and the mapper. */

/** A report title: `…2021年…政府信息公开…年度报告`. */
export const TITLE = /([12]\d{3})\s*年度?.{0,16}?政府信息公开.{0,6}?年度?报告/;

/** Page chrome of a government web page (breadcrumbs, publication line, font size, print/close, share). */
export const CHROME = /^(正文\s*[:：]?$|=+\s*正文\s*=+$|您(当前)?的?位置|当前位置|首页\s*[>›»＞]|发布(时间|日期)\s*[:：]|信息来源\s*[:：]|来源\s*[:：]|浏览(量|次数)|点击(数|量|率)|阅读(数|量|次数)|字体\s*[:：]?|【\s*字体|字号\s*[:：]|打印(本页|此页)?$|【?\s*打印|关闭(窗口|本页)?$|【?\s*关闭|扫一扫|相关(阅读|链接|文章|附件)\s*[:：]?|分享到|上一篇|下一篇|返回顶部|<\s*img|索\s*引\s*号|文\s*号\s*[:：]|第\s*\d+\s*页|-\s*\d+\s*-$|\d{5,}$)/;

export function isTitleLine(s: string): boolean {
  const t = s.trim();
  return t.length <= 100 && TITLE.test(t.normalize('NFKC'));
}

const CHROME_WORDS = /发布(时间|日期)|来源\s*[:：]|浏览(量|次数)|点击(数|量)|字体\s*[:：]|【\s*字体|打印本页|关闭窗口|分享到|索引号/g;

/** A line of page chrome: one that starts like it, or a short one with two of its words (`门户网站 发布时间: … 【字体:`). */
export function isChromeLine(s: string): boolean {
  const t = s.trim();
  if (t.length > 100) return false;
  return CHROME.test(t) || (t.match(CHROME_WORDS) ?? []).length >= 2;
}

/** Words of a page's widgets: share buttons, edition tabs, download links, font size, print, close. */
const WIDGET_WORD = /^(微信|微博|QQ空间|QQ|分享到?|收藏|打印(本页|此页)?|关闭(窗口|本页)?|全真版|文字版|图片版|PDF版|文件下载|附件下载|下载|附件|字体|字号|大|中|小|默认|【|】|\[|\]|:|：|\||｜|·|—|-|扫一扫|手机(版|访问)|在手机上查看当前页面|返回顶部|上一篇|下一篇|浏览次数|阅读次数|\d+)$/;

/** A line that is only page widgets (`微信微博 QQ空间`, `全真版 文字版`, `【大 中 小】`). */
export function isWidgetLine(s: string): boolean {
  const t = s.trim();
  if (!t || t.length > 40) return false;
  const words = t
    .replace(/(微信|微博|QQ空间|分享到|收藏|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|全真版|文字版|图片版|PDF版|文件下载|附件下载|下载|附件|字体|字号|扫一扫|返回顶部|上一篇|下一篇|[【】\[\]:：|｜·])/g, ' $1 ')
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  return words.length > 0 && words.every((w) => WIDGET_WORD.test(w)) && !/^\d+$/.test(t);
}

/** The footer of a government site: where the article has certainly ended. */
export const FOOTER = /网站标识码|主办单位|承办单位|ICP备|公网安备|版权所有|技术支持|网站地图|联系我们|政府网站找错|适老化|无障碍|建议使用.{0,20}浏览器|分辨率/;

/** Text put inside an HTML comment of the written report: no `--` (which could end it), no control characters. */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}

/** `2024-03-08 15:34`, `2024年3月8日`, `2024/3/8` → `2024-03-08` (month and day in range), else undefined. */
export function isoDate(v: string): string | undefined {
  const m = /([12]\d{3})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/.exec(v.normalize('NFKC'));
  if (!m) return undefined;
  const [mo, d] = [Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** The publication date in a line of page chrome (`发布时间：2024-03-08 15:34`, `时间：2024年3月8日`). */
export function publishedIn(line: string): string | undefined {
  const m = /(?:发布|发表|公开|更新)?(?:时间|日期)\s*[:：]\s*(.{8,20})/.exec(line);
  return m ? isoDate(m[1]) : undefined;
}
