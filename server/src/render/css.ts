/**
 * The stylesheets of a rendered report: on paper (export, PDF) and on screen (the preview). A leaf with no imports,
 * so that the client can take it through the protocol's assets without the renderer.
 */

/** Fonts by Chinese official-document convention, with fallbacks found on Windows, macOS and Linux. */
const FONTS = {
  body: `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif`,
  title: `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  heading: `"黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`,
  table: `"宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
};

/** Paper styling: A4 with the margins of GB/T 9704, 三号仿宋 body, 二号小标宋 title, bordered tables. */
export const PRINT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0; font-family: ${FONTS.body}; font-size: 16pt; line-height: 1.75; }
.report { max-width: 156mm; margin: 0 auto; }
h1.doc-title { font-family: ${FONTS.title}; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2.section { font-family: ${FONTS.heading}; font-size: 16pt; font-weight: normal; margin: 0.8em 0 0.2em; text-indent: 2em; break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.subheading { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", ${FONTS.body}; }
p.list { text-indent: 0; padding-left: 2em; }
p.list .marker { display: inline-block; min-width: 1.5em; }
p.list.level-1 { padding-left: 4em; } p.list.level-2 { padding-left: 6em; }
p.quote { border-left: 3px solid #999; padding-left: 1em; text-indent: 0; }
pre { font-size: 10.5pt; white-space: pre-wrap; text-indent: 0; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.6em 0 1em; font-family: ${FONTS.table}; font-size: 10.5pt; line-height: 1.35; break-inside: auto; }
table.form th, table.form td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: middle; word-break: break-all; }
table.form th { font-weight: normal; text-align: center; }
table.form th.caption { font-family: ${FONTS.heading}; text-align: left; }
table.form th.note { font-size: 9pt; text-align: left; }
table.form td.label { text-align: left; }
table.form td.number { text-align: center; white-space: nowrap; word-break: keep-all; }
table.form thead { display: table-header-group; }
table.form tr { break-inside: avoid; }
table.form.fs-9 { font-size: 9pt; } table.form.fs-9 th, table.form.fs-9 td { padding: 2pt 3pt; }
table.form.fs-8 { font-size: 8pt; } table.form.fs-8 th, table.form.fs-8 td { padding: 2pt 2pt; }
table.form.fs-7 { font-size: 7pt; } table.form.fs-7 th, table.form.fs-7 td { padding: 1.5pt 2pt; }
table.form.fs-6 { font-size: 6pt; } table.form.fs-6 th, table.form.fs-6 td { padding: 1pt 1.5pt; }
.signature { margin-top: 2em; text-align: right; }
.signature p { text-indent: 0; text-align: right; padding-right: 2em; }
a { color: inherit; }
.xxgk-summary, .xxgk-toolbar { display: none; }
`;

/** On screen in the preview: the same form, following the editor's light or dark theme. */
export const SCREEN_CSS = `
html { background: transparent; color: inherit; height: 100%; }
body { background: var(--vscode-editor-background, #fff); color: var(--vscode-editor-foreground, #000); height: 100%; margin: 0; padding: 0; display: flex; flex-direction: column; overflow: hidden; }
#content { flex: 1 1 auto; overflow: auto; padding: 0 16px 48px; }
table.form thead { position: sticky; top: 0; z-index: 1; }
table.form thead th { background: var(--vscode-editor-background, #fff); }
.report { max-width: 820px; }
table.form th, table.form td { border-color: var(--vscode-editor-foreground, #000); }
table.form td.missing { background: repeating-linear-gradient(45deg, transparent, transparent 4px, rgba(128,128,128,.15) 4px, rgba(128,128,128,.15) 8px); }
.xxgk-mark { cursor: help; }
.xxgk-error { outline: 2px solid var(--vscode-editorError-foreground, #e51400); outline-offset: -2px; background: rgba(229, 20, 0, .12); }
.xxgk-warning { outline: 2px dashed var(--vscode-editorWarning-foreground, #bf8803); outline-offset: -2px; background: rgba(191, 136, 3, .10); }
.xxgk-information { outline: 1px dotted var(--vscode-editorInfo-foreground, #1a85ff); outline-offset: -2px; }
[data-offset] { cursor: pointer; }
.xxgk-toolbar { display: flex; flex: none; gap: 8px; padding: 6px 16px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); background: var(--vscode-editor-background, #fff); font-family: var(--vscode-font-family, sans-serif); font-size: 13px; }
.xxgk-toolbar button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 0; padding: 3px 10px; cursor: pointer; }
.xxgk-summary { display: block; font-family: var(--vscode-font-family, sans-serif); font-size: 13px; margin: 4px 0 12px; }
.xxgk-summary.ok { color: var(--vscode-testing-iconPassed, #388a34); }
.xxgk-summary.has-errors summary { color: var(--vscode-editorError-foreground, #e51400); }
.xxgk-summary ul { margin: 4px 0; padding-left: 18px; }
.xxgk-summary li { margin: 2px 0; }
.xxgk-summary .code { font-family: var(--vscode-editor-font-family, monospace); opacity: .8; }
@media print { .xxgk-summary, .xxgk-toolbar { display: none; } .xxgk-mark { outline: none; background: none; } }
`;
