/** Patterns of a published page shared by the readers and the mapper. */

/** A report title: `…2021年…政府信息公开…年度报告`. */
export const TITLE = /([12]\d{3})\s*年度?.{0,16}?政府信息公开.{0,6}?年度?报告/;

/** Page chrome of a government web page (breadcrumbs, publication line, font size, print/close, share). */
export const CHROME = /^(您(当前)?的?位置|当前位置|首页\s*[>›»＞]|发布(时间|日期)\s*[:：]|信息来源\s*[:：]|来源\s*[:：]|浏览(量|次数)|点击(数|量|率)|阅读(数|量|次数)|字体\s*[:：]?|【\s*字体|字号\s*[:：]|打印(本页|此页)?$|【?\s*打印|关闭(窗口|本页)?$|【?\s*关闭|扫一扫|相关(阅读|链接|文章|附件)\s*[:：]?|分享到|上一篇|下一篇|返回顶部|<\s*img|索\s*引\s*号|文\s*号\s*[:：]|第\s*\d+\s*页|-\s*\d+\s*-$|\d{5,}$)/;

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
