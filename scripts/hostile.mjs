#!/usr/bin/env node
// Hostile input (issue 14): each row of the issue's table that the checker, the exports and the command line read,
// made again and run through the real CLI, one process per input. Prints, per row, the exit status, the time (wall),
// the peak memory (the process's max RSS) and the line the user sees, and fails when the outcome is not the
// expected one. The language server's rows are measured by test/server/limits.test.ts; the import rows by the
// import's own tests. Run `npm run build` first. Options: --only WORD runs the rows whose name contains WORD.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'xxgk-report.js');
if (!existsSync(join(root, 'out', 'test', 'unit', 'base-report.js'))) {
  process.stderr.write('hostile: not built yet; run `npm run build` first\n');
  process.exit(2);
}
const { baseReport } = await import(pathToFileURL(join(root, 'out', 'test', 'unit', 'base-report.js')).href);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

const dir = mkdtempSync(join(tmpdir(), 'xxgk-hostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
// Written by each CLI process as it exits: its peak RSS.
const preload = join(dir, 'rss.mjs');
writeFileSync(preload, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.XXGK_RSS_OUT, String(process.resourceUsage().maxRSS)));\n");

/** The 2022 report with one real error (行政复议's total 7, its parts 6: A04). */
const REPORT = baseReport(2022).replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
const before5 = (insert) => REPORT.replace('## 五、存在', `${insert}\n\n## 五、存在`);
const file = (name, data) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const size = (p) => {
  try {
    const st = statSync(p);
    if (!st.isFile()) return st.isFIFO() ? 'FIFO' : 'folder';
    const n = st.size;
    return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;
  } catch {
    return '—';
  }
};

/** [name, () => ({ args, input }), expected exit status, expected line (regex over stdout+stderr), budget in s] */
const rows = [
  ['19 MB line of numbers (check)', () => ({ input: file('nums.report.md', Array.from({ length: 2_600_000 }, (_, i) => i).join(' ').slice(0, 19_000_000)), args: ['check'] }), 1, /S13 此行有 19,000,000 个字符，超过每行 500,000 个字符的上限/],
  ['2,800 list markers on one line', () => ({ input: file('m2800.report.md', before5(`${'- '.repeat(2800)}x`)), args: ['check'] }), 1, /S13 此行的列表或引用标记嵌套 2,800 层，超过 32 层的上限/, (out) => /A04/.test(out) && !/S01/.test(out)],
  ['8,000 list markers on one line', () => ({ input: file('m8000.report.md', before5(`${'- '.repeat(8000)}x`)), args: ['check'] }), 1, /S13 此行的列表或引用标记嵌套 8,000 层/, (out) => /A04/.test(out) && !/S01/.test(out)],
  ['40,000 emphasis runs', () => ({ input: file('em.report.md', before5('*a'.repeat(40000))), args: ['check'] }), 1, /A04/],
  ['20,000 strike runs', () => ({ input: file('strike.report.md', before5('~~a'.repeat(20000))), args: ['check'] }), 1, /A04/],
  ['20,000 lazy quote lines', () => ({ input: file('lazy.report.md', before5(`> a\n${'b\n'.repeat(20000)}`)), args: ['check'] }), 1, /S13 从此行起连续 [\d,]+ 行之间没有空行/],
  ['20,000 setext underlines', () => ({ input: file('setext.report.md', before5('a\n=\n'.repeat(20000))), args: ['check'] }), 1, /S13 从此行起连续/],
  ['500-deep list indents', () => ({ input: file('indent.report.md', before5(Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- a`).join('\n'))), args: ['check'] }), 1, /S13 此行的列表标记缩进 130 列，超过 128 列的上限/],
  ['800 backtick runs', () => ({ input: file('ticks.report.md', before5(Array.from({ length: 800 }, (_, i) => '`'.repeat(i + 1)).join(' '))), args: ['check'] }), 1, /A04/],
  ['20,000 footnote definitions', () => ({ input: file('fn.report.md', before5(Array.from({ length: 20000 }, (_, i) => `[^${i}]: 注释${i}`).join('\n'))), args: ['check'] }), 1, /A04/],
  ['1.2 MB of reference definitions', () => ({ input: file('refs.report.md', before5(Array.from({ length: 40000 }, (_, i) => `[ref${i}]: <https://www.gov.cn/${i}> "标题${i}"`).join('\n'))), args: ['check'] }), 1, /A04/],
  ['1 MB of disable comments', () => ({ input: file('disable.report.md', before5(Array.from({ length: 20000 }, (_, i) => `<!-- xxgk-disable C0${i % 5} -->\n<!-- xxgk-enable C0${i % 5} ${i} -->`).join('\n'))), args: ['check'] }), 1, /A04/],
  ['5,000 heading-like lines (check)', () => ({ input: file('heads.report.md', Array.from({ length: 5000 }, (_, i) => (i % 2 ? '一、标题' : '（一）标题')).join('\n')), args: ['check'] }), 1, /S01 缺少第一部分/],
  ['unclosed YAML flow, [{ × 10,000', () => ({ input: file('flow1.report.md', REPORT.replace('格式: 2021', `格式: 2021\nx: ${'[{'.repeat(10000)}`)), args: ['check'] }), 1, /S11 文首元数据中的方括号或花括号嵌套超过 32 层的上限：未读取/],
  ['unclosed YAML flow, [{ × 50,000', () => ({ input: file('flow2.report.md', REPORT.replace('格式: 2021', `格式: 2021\nx: ${'[{'.repeat(50000)}`)), args: ['check'] }), 1, /S11 文首元数据有 98 KB，超过 64 KB 的上限：未读取/],
  ['300 KB !!binary value', () => ({ input: file('binary.report.md', REPORT.replace('格式: 2021', `格式: 2021\n图片: !!binary ${'QUJD'.repeat(75000)}`)), args: ['check'] }), 1, /S11 文首元数据有 \d+ KB，超过 64 KB 的上限：未读取$/m],
  ['duplicate front-matter keys', () => ({ input: file('dup.report.md', REPORT.replace('年度: 2022', '年度: 2022\n年度: 2019\nyear: 2025')), args: ['check'] }), 1, /S11 元数据键“年度”重复（第 3 行已有）：只采用第一个/],
  ['a count past 2^53', () => ({ input: file('big.report.md', REPORT.replace('| 行政复议 | 3 | 1 | 0 | 2 | 7 |', '| 行政复议 | 9007199254740993 | 0 | 0 | 0 | 9007199254740991 |')), args: ['check'] }), 1, /C01 .*“9007199254740993”超过 9007199254740991/],
  ['new-year of a count past 2^53', () => ({ input: file('big2.report.md', REPORT.replace(/\| 四、结转下年度继续办理 \|[^\n]*/, '| 四、结转下年度继续办理 | 25 | 100000000000000000000000 | 9007199254740993 | 0 | 0 | 1 | 27 |')), args: ['new-year', '-o', join(dir, 'next.report.md'), '--force'] }), 0, /next\.report\.md/, () => !/e\+|9007199254740992|100000000000000000000000/.test(readFileSync(join(dir, 'next.report.md'), 'utf8'))],
  ['CR-only line ends', () => ({ input: file('cr.report.md', REPORT.replace(/\n/g, '\r')), args: ['check'] }), 1, /A04/, (out) => !/S11|S01/.test(out)],
  ['section numbered 五一、', () => ({ input: file('wuyi.report.md', REPORT.replace('## 五、存在', '## 五一、存在')), args: ['check'] }), 1, /S02 .*编号应为“五、”/],
  ['report saved as UTF-16 LE', () => ({ input: file('u16.report.md', Buffer.from(REPORT, 'utf16le')), args: ['check'] }), 1, /按 UTF-16 LE 编码读取/],
  ['label with ESC/BEL sequences', () => ({ input: file('esc.report.md', REPORT.replace('| 行政复议 |', '| 行政复议\u001b]0;pwned\u0007\u001b[2J |')), args: ['check'] }), 1, /\\u001b\]0;pwned\\u0007/, (out) => !/[\u001b\u0007]/.test(out)],
  ['check of a FIFO', () => (spawnSync('mkfifo', [join(dir, 'fifo.report.md')]), { input: join(dir, 'fifo.report.md'), args: ['check'] }), 2, /不是普通文件（命名管道），未读取/],
  ['folder with a *.report.md link to /dev/zero', () => {
    const d = join(dir, 'zero');
    mkdirSync(d);
    writeFileSync(join(d, 'a.report.md'), REPORT);
    symlinkSync('/dev/zero', join(d, 'z.report.md'));
    return { input: d, args: ['check'] };
  }, 2, /z\.report\.md：不是普通文件（字符设备），未读取/, (out) => /A04/.test(out)],
  ['export over a hard link to the report, --force', () => {
    const src = file('hl.report.md', REPORT);
    linkSync(src, join(dir, 'hard.html'));
    return { input: src, args: ['export', '--format', 'html', '-o', join(dir, 'hard.html'), '--force'] };
  }, 2, /hard\.html：就是报告本身（同一个文件）；xxgk-report 从不覆盖源文件/, () => readFileSync(join(dir, 'hl.report.md'), 'utf8') === REPORT],
  ['import over a hard link to its input, --force', () => {
    const src = file('in.txt', '本机关2022年政府信息公开工作年度报告\n一、总体情况\n');
    linkSync(src, join(dir, 'out.md'));
    return { input: src, args: ['import', '-o', join(dir, 'out.md'), '--force'] };
  }, 2, /out\.md：就是报告本身（同一个文件）/],
  ['a dangling symlink at OUT, no --force', () => {
    const src = file('dl.report.md', REPORT);
    symlinkSync(join(dir, 'nowhere.html'), join(dir, 'dangling.html'));
    return { input: src, args: ['export', '--format', 'html', '-o', join(dir, 'dangling.html')] };
  }, 2, /dangling\.html：已存在（是符号链接，指向不存在的文件）/, () => !existsSync(join(dir, 'nowhere.html'))],
  ['export of 4 million characters (past the export budget)', () => ({ input: file('long.report.md', before5('９'.repeat(4_100_000))), args: ['export', '--format', 'html', '-o', join(dir, 'long.html')] }), 2, /报告有 4,1\d\d,\d{3} 个字符，超过导出的上限（4,000,000 个字符），未导出/, () => !existsSync(join(dir, 'long.html'))],
];

const results = [];
let failed = 0;
for (const [name, make, status, line, extra, budget = 60] of rows) {
  if (only && !name.includes(only)) continue;
  const { input, args } = make();
  const [cmd, ...rest] = args;
  const rss = join(dir, 'rss.txt');
  rmSync(rss, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, bin, cmd, input, ...rest], {
    encoding: 'utf8',
    timeout: budget * 1000,
    env: { ...process.env, XXGK_RSS_OUT: rss },
    maxBuffer: 64 << 20,
  });
  const s = (performance.now() - t0) / 1000;
  const out = `${r.stdout}\n${r.stderr}`;
  const shown = (out.split('\n').find((l) => line.test(l)) ?? out.split('\n').find((l) => l.trim()) ?? '').replace(/^.*?:\d+:\d+ /, '').trim();
  const ok = !r.error && r.status === status && line.test(out) && (!extra || extra(out));
  if (!ok) failed++;
  const mb = existsSync(rss) ? Math.round(Number(readFileSync(rss, 'utf8')) / 1024) : NaN;
  results.push({ name, size: size(input), status: r.error ? 'timeout' : r.status, s, mb, ok, shown });
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${size(input)}, exit ${r.error ? `none (killed after ${budget} s)` : r.status}, ${s.toFixed(2)} s, ${mb} MB — ${shown.slice(0, 110)}\n`);
}
const worst = results.reduce((a, b) => (b.s > a.s ? b : a), results[0]);
const peak = results.reduce((a, b) => (b.mb > a.mb ? b : a), results[0]);
if (worst) process.stdout.write(`\n${results.length} rows, ${failed} failed; slowest: ${worst.name} ${worst.s.toFixed(2)} s; most memory: ${peak.name} ${peak.mb} MB\n`);
process.exit(failed ? 1 : 0);
