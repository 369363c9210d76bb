/**
 * Issue 14, the command line: files that are not what they seem (FIFOs, devices, symlinks, hard links, files past
 * the limit, other encodings) get one clear message quickly and exit 2; nothing is written over what the user did not
 * name; text from a report never reaches the terminal as control characters.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './helpers.js';
import { baseReport } from './base-report.js';

const bin = join(repoRoot, 'bin', 'xxgk-report.js');
/** Runs the CLI with a budget that proves "answers, does not hang" (a FIFO used to block forever). */
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 30_000 });
const dir = mkdtempSync(join(tmpdir(), 'xxgk-safety-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const REPORT = baseReport(2022).replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
const report = join(dir, 'a.report.md');
writeFileSync(report, REPORT);

function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
}

/** Exit 2, within the budget, with exactly this message (one line) on stderr. */
function refused(r: ReturnType<typeof run>, message: RegExp): void {
  assert.equal(r.error, undefined, `did not finish: ${r.error}`);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, message);
}

describe('reading', () => {
  const fifo = join(dir, 'pipe.report.md');
  mkfifo(fifo);

  test('a FIFO given to check, export, new-year and import is refused at once', () => {
    const msg = /pipe\.report\.md：不是普通文件（命名管道），未读取/;
    refused(run('check', fifo), msg);
    refused(run('export', fifo, '-o', join(dir, 'pipe.html')), msg);
    refused(run('new-year', fifo), msg);
    refused(run('import', fifo), msg);
    refused(run('check', '--locale', 'en', fifo), /pipe\.report\.md: not a regular file \(a named pipe \(FIFO\)\); not read/);
    assert.ok(!existsSync(join(dir, 'pipe.html')));
  });

  test('a checked folder with a *.report.md symlink to /dev/zero, a *.md symlink to it and a FIFO: one message each, the real report checked', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'real.report.md'), REPORT);
    symlinkSync('/dev/zero', join(folder, 'zero.report.md'));
    symlinkSync('/dev/zero', join(folder, 'notes.md'));
    mkfifo(join(folder, 'fifo.md'));
    mkfifo(join(folder, 'fifo2.report.md'));
    const r = run('check', folder);
    refused(r, /zero\.report\.md：不是普通文件（字符设备），未读取/);
    assert.match(r.stderr, /fifo2\.report\.md：不是普通文件（命名管道），未读取/);
    assert.match(r.stdout, /real\.report\.md:\d+:\d+ error A04 /, 'the real report is checked');
    assert.doesNotMatch(r.stdout + r.stderr, /notes\.md|fifo\.md[^:]/, 'a *.md that is not a regular file is just not a report');
  });

  test('a file past the limit is refused from its size, without reading it', () => {
    const big = join(dir, 'big.report.md');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 33 * 1024 * 1024);
    closeSync(fd);
    refused(run('check', big), /big\.report\.md：文件有 33 MB，超过 32 MB 的上限，未读取/);
    refused(run('check', '--locale', 'en', big), /big\.report\.md: the file is 33 MB, more than the limit of 32 MB; not read/);
    const bigTxt = join(dir, 'big.txt');
    const fd2 = openSync(bigTxt, 'w');
    ftruncateSync(fd2, 21 * 1024 * 1024);
    closeSync(fd2);
    refused(run('import', bigTxt), /big\.txt：文件有 21 MB，超过 20 MB 的上限，未读取/);
  });

  test('a report saved as GBK, UTF-16 LE/BE (with and without a BOM) is read as it is, with a note', () => {
    const utf8 = run('check', report);
    const want = utf8.stdout.split('\n').map((l) => l.replace(/^[^:]*:/, '')).join('\n');
    const gb = new TextDecoder('utf-8').decode(Buffer.from(REPORT)); // the text; encoded below
    const encodings: [string, Buffer, RegExp][] = [
      ['gbk', encodeGb18030(gb), /按 GB18030\/GBK 编码读取（不是 UTF-8）/],
      ['utf16le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REPORT, 'utf16le')]), /按 UTF-16 LE 编码读取/],
      ['utf16le', Buffer.from(REPORT, 'utf16le'), /按 UTF-16 LE 编码读取/],
      ['utf16be', Buffer.from(REPORT, 'utf16le').swap16(), /按 UTF-16 BE 编码读取/],
    ];
    for (const [name, bytes, note] of encodings) {
      const p = join(dir, `${name}.report.md`);
      writeFileSync(p, bytes);
      const r = run('check', p);
      assert.equal(r.status, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, note, name);
      assert.equal(r.stdout.split('\n').map((l) => l.replace(/^[^:]*:/, '')).join('\n'), want, `${name}: the same findings as in UTF-8`);
    }
  });
});

/** GB18030 bytes of a text (Node has a decoder, not an encoder): found by decoding every two-byte code once. */
function encodeGb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const d = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = d.decode(Buffer.from([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      assert.ok(bytes, `no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

describe('writing', () => {
  test('export of a report past the export budget: exit 2, the limit named, nothing written', () => {
    const big = join(dir, 'big.report.md');
    writeFileSync(big, REPORT.replace('## 五、存在', `${'9'.repeat(4_100_000)}\n\n## 五、存在`));
    const out = join(dir, 'big.html');
    refused(run('export', '--format', 'html', big, '-o', out), /报告有 4,\d{3},\d{3} 个字符，超过导出的上限（4,000,000 个字符），未导出/);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.big.html')), [], 'no temporary file left');
  });
  test('export over a hard link to the report is refused, even with --force; the report is intact', () => {
    const hard = join(dir, 'hard.html');
    linkSync(report, hard);
    refused(run('export', report, '-o', hard, '--force'), /hard\.html：就是报告本身（同一个文件）；xxgk-report 从不覆盖源文件/);
    assert.equal(readFileSync(report, 'utf8'), REPORT);
  });

  test('import over a hard link to its input is refused, even with --force', () => {
    const input = join(dir, 'in.txt');
    writeFileSync(input, '某局2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n');
    const out = join(dir, 'out.md');
    linkSync(input, out);
    refused(run('import', input, '-o', out, '--force'), /out\.md：就是报告本身/);
    assert.match(readFileSync(input, 'utf8'), /^某局2022年/);
  });

  test('a symlink at OUT: refused without --force (dangling or not); with --force the link itself is replaced, never written through', () => {
    const dangling = join(dir, 'dangling.html');
    const where = join(dir, 'never-created.html');
    symlinkSync(where, dangling);
    refused(run('export', report, '-o', dangling), /dangling\.html：已存在（是符号链接，指向不存在的文件）；xxgk-report 不经符号链接写入/);
    assert.ok(!existsSync(where));
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'keep me\n');
    const link = join(dir, 'link.html');
    symlinkSync(other, link);
    refused(run('export', report, '-o', link), /link\.html：已存在（是符号链接）/);
    const forced = run('export', report, '-o', link, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.ok(!lstatSync(link).isSymbolicLink(), 'the link was replaced by the file');
    assert.match(readFileSync(link, 'utf8'), /^<!DOCTYPE html>/i);
    assert.equal(readFileSync(other, 'utf8'), 'keep me\n', 'the file the link pointed to is untouched');
    const forcedDangling = run('new-year', report, '-o', dangling, '--force');
    assert.equal(forcedDangling.status, 0, forcedDangling.stderr);
    assert.ok(!existsSync(where), 'not written through the dangling link');
  });

  test('a symlink to the report at OUT is the report itself', () => {
    const link = join(dir, 'self-link.md');
    symlinkSync(report, link);
    refused(run('new-year', report, '-o', link, '--force'), /self-link\.md：就是报告本身/);
    assert.equal(readFileSync(report, 'utf8'), REPORT);
  });

  test('OUT is written whole through a temporary file: nothing left behind, nothing written when the folder is missing', () => {
    const sub = join(dir, 'out');
    mkdirSync(sub);
    const ok = run('export', report, '-o', join(sub, 'r.html'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(readdirSync(sub), ['r.html']);
    refused(run('export', report, '-o', join(dir, 'missing', 'r.html')), /r\.html：无法写入（ENOENT）/);
    assert.ok(!existsSync(join(dir, 'missing')));
  });

  test('OUT that is a FIFO is refused, not opened', () => {
    const fifo = join(dir, 'out.fifo');
    mkfifo(fifo);
    refused(run('export', report, '-o', fifo, '--force', '--format', 'html'), /out\.fifo：不是普通文件（命名管道），不予写入/);
  });
});

describe('the terminal', () => {
  test('ESC/BEL sequences in a label are printed escaped, in text and in JSON', () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
    const p = join(dir, 'evil.report.md');
    writeFileSync(p, REPORT.replace('| 行政许可 |', `| 行政许可${evil} |`));
    for (const args of [['check', p], ['check', '--format', 'json', p], ['check', '--locale', 'en', p]]) {
      const r = run(...args);
      const all = r.stdout + r.stderr;
      assert.doesNotMatch(all, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, `${args.join(' ')}: no raw control character`);
      assert.match(all, /行政许可\\u001b\]0;pwned\\u0007\\u001b\[2J\\u009b31m\\u202e/);
    }
    const json = JSON.parse(run('check', '--format', 'json', p).stdout);
    assert.ok(JSON.stringify(json).includes('\\u001b]0;pwned'), 'JSON keeps the text, escaped');
    assert.ok(json.files[0].findings.some((f: { message: string }) => f.message.includes(`行政许可${evil}`)), 'and parses back to the original');
  });

  test('import prints escaped what comes from its input (here the file name and the report text it quotes)', () => {
    const evil = '\u001b]0;pwned\u0007';
    const src = join(dir, `in${evil}.txt`);
    writeFileSync(src, `某某局2022年政府信息公开工作年度报告\n一、总体情况\n| 行政许可${evil} | 3 | 4 |\n`);
    const r = run('import', src, '-o', join(dir, 'evil-import.md'));
    assert.equal(r.status, 0, r.stderr);
    const all = r.stdout + r.stderr;
    assert.doesNotMatch(all, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'no raw control character');
    assert.match(all, /in\\u001b\]0;pwned\\u0007\.txt/);
  });

  test('a path with a line break stays on its line', () => {
    const p = join(dir, 'two\nlines.report.md');
    writeFileSync(p, REPORT);
    const r = run('check', p);
    for (const line of r.stdout.trim().split('\n')) assert.match(line, /^.*two\\u000alines\.report\.md:\d+:\d+ (error|warning|info) [A-Z]\d\d /);
  });
});
