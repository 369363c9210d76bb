/** `xxgk-report import`: what a user at a terminal sees and what ends up on disk. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, repoRoot } from './helpers.js';

const bin = join(repoRoot, 'bin', 'xxgk-report.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('xxgk-report import', () => {
  let dir = '';
  let src = '';
  const suggested = () => join(dir, '湘乡市科技和工业信息化局2019年政府信息公开工作年度报告.report.md');
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-import-'));
    src = join(dir, '年报.txt');
    copyFileSync(join(fixturesDir, 'import', 'seeds', '004_82141ad6529bdacc.txt'), src);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the report beside FILE under the suggested name and prints a summary', () => {
    const r = run('import', src);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), suggested());
    assert.ok(existsSync(suggested()));
    const err = r.stderr;
    assert.match(err, /^xxgk-report: imported .*年报\.txt \(plain text\) → .*湘乡市科技和工业信息化局2019年政府信息公开工作年度报告\.report\.md$/m);
    assert.match(err, /^ {2}198 table cells placed, 0 blank as in the source, 0 not read \(written \?, reported as C05\); sections found: 一 二 三 四 五 六$/m);
    assert.match(err, /^ {2}9 item\(s\) not placed, kept in the report under <!-- xxgk-import --> comments:$/m);
    assert.match(err, /^ {4}line 51 \(report line \d+\): 表三中列数不符、无法对应到列的数值: 和\) 人 企 机 益 服务 他 17$/m);
    assert.match(err, /^ {4}line 108 \(report line \d+\): 表四中列数不符/m);
    assert.match(err, /the checker finds 0 error\(s\), 3 warning\(s\) in it: xxgk-report check/);
    // The report line printed is where the passage is in the written file.
    const m = /line 82 \(report line (\d+)\): [^:]+: (.*)$/m.exec(err)!;
    assert.equal(readFileSync(suggested(), 'utf8').split('\n')[Number(m[1]) - 1], m[2]);
    // The file it wrote is a report the checker reads: exit 0 (no errors, only the seed's warnings).
    const check = run('check', suggested());
    assert.equal(check.status, 0, check.stdout);
    assert.match(check.stdout, /S06/);
  });

  test('an existing OUT is kept without --force, replaced with it; FILE itself is never written', () => {
    writeFileSync(suggested(), 'edited by hand\n');
    const again = run('import', src);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /已存在；加 --force 才会替换/);
    assert.match(run('import', src, '--locale', 'en').stderr, /exists; add --force to replace it/);
    assert.equal(readFileSync(suggested(), 'utf8'), 'edited by hand\n');
    const forced = run('import', src, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(readFileSync(suggested(), 'utf8'), /^---\n机关: 湘乡市科技和工业信息化局\n年度: 2019\n/);
    const before = readFileSync(src);
    const self = run('import', src, '-o', src, '--force');
    assert.equal(self.status, 2);
    assert.match(self.stderr, /就是报告本身（同一个文件）；xxgk-report 从不覆盖源文件/);
    assert.match(run('import', src, '-o', src, '--force', '--locale', 'en').stderr, /is the report itself; xxgk-report never writes over its source/);
    assert.deepEqual(readFileSync(src), before);
  });

  test('-o OUT chooses the file', () => {
    const out = join(dir, 'sub', 'mine.report.md');
    mkdirSync(join(dir, 'sub'));
    const r = run('import', '-o', out, src);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), out);
    assert.match(readFileSync(out, 'utf8'), /^# 湘乡市科技和工业信息化局 2019 年政府信息公开工作年度报告$/m);
  });

  test('unreadable, empty or binary input: one clear line, exit 2, nothing written', () => {
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty.txt', '', /^xxgk-report: .*empty\.txt: the file is empty$/m],
      ['junk.bin', Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 4, 5]), /^xxgk-report: .*junk\.bin: binary data, not a report's text/],
      ['fake.docx', 'not a zip', /^xxgk-report: .*fake\.docx: not a \.docx file \(it is not a zip archive\)/],
    ];
    for (const [name, data, msg] of cases) {
      const p = join(dir, name);
      writeFileSync(p, data);
      const r = run('import', p);
      assert.equal(r.status, 2, name);
      assert.match(r.stderr, msg);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${name}: one line`);
      assert.equal(r.stdout, '');
    }
    const missing = run('import', join(dir, 'nope.txt'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.txt：文件不存在/);
    const folder = run('import', dir);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /是文件夹，不是报告文件/);
  });

  test('usage: the command is in the help, and a missing FILE is a usage error', () => {
    const help = run('--help');
    assert.match(help.stdout, /xxgk-report import FILE\|URL \[-o OUT\] \[--force\]/);
    const none = run('import');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no FILE given/);
    const two = run('import', 'a', 'b');
    assert.equal(two.status, 2);
    assert.match(two.stderr, /import takes one FILE/);
  });
});
