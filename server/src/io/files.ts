/**
 * Reading and writing the files a user names, safely (issue 14). Used by the CLI and the language server.
 *
 * Reading: at most the limit plus one byte is read, whatever the file claims; FIFOs, devices and sockets are refused
 * (opened without blocking, then checked with fstat, so a FIFO cannot hang the open and a symlink is followed only to
 * a regular file); the asynchronous reader gives up after a timeout.
 *
 * Writing: never over the source (compared as files, device and inode, so a hard link or a symlink to it is the
 * source too), an existing OUT only with --force, never through a symlink (a symlink at OUT is replaced itself, and
 * only with --force), and always to a temporary file renamed into place, so that a failure leaves no partial file.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync, constants, promises as fsp } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A report file is read when at most this large (a report is rarely over 1 MB; 30 MB ones are checked in seconds). */
export const REPORT_FILE_LIMIT = 32 * 1024 * 1024;

/** A problem with a file, said in both languages; `message` is the English one. */
export class FileError extends Error {
  constructor(
    readonly code: 'not-found' | 'directory' | 'not-regular' | 'too-large' | 'timeout' | 'unreadable' | 'is-source' | 'exists' | 'symlink' | 'unwritable',
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }

  text(locale: 'zh-CN' | 'en' = 'zh-CN'): string {
    return locale === 'en' ? this.en : this.zh;
  }
}

/** Control characters (and line breaks) of a path escaped, for a message that is printed on one line. */
export function shownPath(p: string): string {
  return p.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Sizes as people read them: 1.5 MB, 64 KB, 300 B. */
export function sizeText(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} B`;
}

function kindOf(st: Stats): { zh: string; en: string } {
  if (st.isFIFO()) return { zh: '命名管道', en: 'a named pipe (FIFO)' };
  if (st.isCharacterDevice()) return { zh: '字符设备', en: 'a character device' };
  if (st.isBlockDevice()) return { zh: '块设备', en: 'a block device' };
  if (st.isSocket()) return { zh: '套接字', en: 'a socket' };
  if (st.isDirectory()) return { zh: '文件夹', en: 'a directory' };
  return { zh: '非普通文件', en: 'not a regular file' };
}

function openError(path: string, e: unknown): FileError {
  const code = (e as NodeJS.ErrnoException).code ?? String(e);
  const p = shownPath(path);
  if (code === 'ENOENT') return new FileError('not-found', `${p}：文件不存在`, `${p}: no such file`);
  if (code === 'EISDIR') return new FileError('directory', `${p}：是文件夹，不是报告文件`, `${p}: is a directory, not a report file`);
  // Opening a socket fails with ENXIO; a dangling symlink with ENOENT (above); a loop with ELOOP.
  if (code === 'ENXIO') return new FileError('not-regular', `${p}：不是普通文件（套接字），未读取`, `${p}: not a regular file (a socket); not read`);
  return new FileError('unreadable', `${p}：无法读取（${code}）`, `${p}: cannot read (${code})`);
}

function notRegular(path: string, st: Stats): FileError {
  const p = shownPath(path);
  const k = kindOf(st);
  if (st.isDirectory()) return new FileError('directory', `${p}：是文件夹，不是报告文件`, `${p}: is a directory, not a report file`);
  return new FileError('not-regular', `${p}：不是普通文件（${k.zh}），未读取`, `${p}: not a regular file (${k.en}); not read`);
}

function tooLarge(path: string, size: number, limit: number): FileError {
  const p = shownPath(path);
  return new FileError('too-large', `${p}：文件有 ${sizeText(size)}，超过 ${sizeText(limit)} 的上限，未读取`, `${p}: the file is ${sizeText(size)}, more than the limit of ${sizeText(limit)}; not read`);
}

export interface ReadOptions {
  /** At most this many bytes; a longer file is refused (FileError 'too-large'), or cut with `partial`. */
  maxBytes: number;
  /** Return the first maxBytes of a longer file instead of refusing it. */
  partial?: boolean;
}

const CHUNK = 1024 * 1024;

/**
 * The size of the next read: the rest of the file as fstat gave it plus one byte (the read that finds the end), for
 * a file that grew or says 0 (/proc) 4 KB and then CHUNK at a time; never past the limit plus one byte. Buffers are not zero-filled
 * (only the bytes read are kept): a batch reads thousands of files, and a zeroed megabyte each was a fifth of its CPU.
 */
function nextRead(n: number, size: number, maxBytes: number): number {
  const want = n < size ? size - n + 1 : n === size ? 4096 : CHUNK;
  return Math.max(1, Math.min(want, maxBytes + 1 - n));
}

/** O_NONBLOCK: a FIFO opens at once (and is then refused) instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads a regular file (following a symlink only to one), at most maxBytes + 1 bytes. Throws FileError. */
export function readRegularFileSync(path: string, opts: ReadOptions): { bytes: Buffer; size: number; mtimeMs: number } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw openError(path, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, st);
    if (st.size > opts.maxBytes && !opts.partial) throw tooLarge(path, st.size, opts.maxBytes);
    // The size fstat gives is not trusted (a file can grow, /proc files say 0): read until the end, never more than
    // the limit plus one byte.
    const chunks: Buffer[] = [];
    let n = 0;
    while (n <= opts.maxBytes) {
      const buf = Buffer.allocUnsafe(nextRead(n, st.size, opts.maxBytes));
      let k: number;
      try {
        k = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        throw openError(path, e);
      }
      if (k === 0) break;
      chunks.push(k === buf.length ? buf : buf.subarray(0, k));
      n += k;
    }
    const all = Buffer.concat(chunks, n);
    if (n > opts.maxBytes && !opts.partial) throw tooLarge(path, Math.max(st.size, n), opts.maxBytes);
    return { bytes: n > opts.maxBytes ? all.subarray(0, opts.maxBytes) : all, size: st.size, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** The same, asynchronously, giving up after `timeoutMs` (a file on a stalled network share). */
export async function readRegularFile(path: string, opts: ReadOptions & { timeoutMs?: number }): Promise<{ bytes: Buffer; size: number; mtimeMs: number }> {
  const work = (async () => {
    let fh: Awaited<ReturnType<typeof fsp.open>>;
    try {
      fh = await fsp.open(path, OPEN_FLAGS);
    } catch (e) {
      throw openError(path, e);
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw notRegular(path, st);
      if (st.size > opts.maxBytes && !opts.partial) throw tooLarge(path, st.size, opts.maxBytes);
      const chunks: Buffer[] = [];
      let n = 0;
      while (n <= opts.maxBytes) {
        const buf = Buffer.allocUnsafe(nextRead(n, st.size, opts.maxBytes));
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
        n += bytesRead;
      }
      const all = Buffer.concat(chunks, n);
      if (n > opts.maxBytes && !opts.partial) throw tooLarge(path, Math.max(st.size, n), opts.maxBytes);
      return { bytes: n > opts.maxBytes ? all.subarray(0, opts.maxBytes) : all, size: st.size, mtimeMs: st.mtimeMs };
    } finally {
      await fh.close().catch(() => undefined);
    }
  })();
  if (!opts.timeoutMs) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const p = shownPath(path);
      reject(new FileError('timeout', `${p}：读取超过 ${opts.timeoutMs} 毫秒，未读取`, `${p}: reading took longer than ${opts.timeoutMs} ms; not read`));
    }, opts.timeoutMs);
  });
  work.catch(() => undefined); // settled later than the timeout: nobody waits for it any more
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** Whether two stats are of one file (a hard link, a symlink to it, or the same path). */
function sameFile(a: Stats | null, b: Stats | null): boolean {
  return !!a && !!b && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Refuses to write `target` when it is the source (the same file by device and inode), a directory, not a regular
 * file, or (without `force`) an existing file or any symlink, dangling or not. Throws FileError.
 */
export function checkTarget(target: string, source: string, force: boolean): void {
  const t = shownPath(target);
  const src = statOrNull(source);
  const link = lstatOrNull(target);
  const dest = link?.isSymbolicLink() ? statOrNull(target) : link;
  const itself = new FileError('is-source', `${t}：就是报告本身（同一个文件）；xxgk-report 从不覆盖源文件`, `${t}: is the report itself; xxgk-report never writes over its source`);
  if (resolve(target) === resolve(source) || sameFile(src, dest)) throw itself;
  if (!link) return;
  if (link.isSymbolicLink()) {
    if (!force) {
      throw new FileError('symlink', `${t}：已存在（是符号链接${dest ? '' : '，指向不存在的文件'}）；xxgk-report 不经符号链接写入，加 --force 则替换链接本身（不动它指向的文件）`, `${t}: exists (a symbolic link${dest ? '' : ' to nothing'}); xxgk-report never writes through a symlink: add --force to replace the link itself (the file it points to is not touched)`);
    }
    return;
  }
  if (link.isDirectory()) throw new FileError('directory', `${t}：是文件夹；请给出文件名`, `${t}: is a directory; give a file name`);
  if (!link.isFile()) {
    const k = kindOf(link);
    throw new FileError('not-regular', `${t}：不是普通文件（${k.zh}），不予写入`, `${t}: not a regular file (${k.en}); not written`);
  }
  if (!force) throw new FileError('exists', `${t}：已存在；加 --force 才会替换`, `${t}: exists; add --force to replace it`);
}

/**
 * Writes `data` to `target` through a temporary file in the same folder, renamed into place: the target is replaced
 * whole or not at all, and a symlink at the target is replaced itself, never written through. Throws FileError.
 */
export function writeFileReplacing(target: string, data: Uint8Array | string): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fail = (e: unknown) => {
    const t = shownPath(target);
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return new FileError('unwritable', `${t}：无法写入（${code}）`, `${t}: cannot write (${code})`);
  };
  let fd: number;
  try {
    // O_EXCL: never an existing file, nor a symlink someone put at the temporary name.
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
  } catch (e) {
    throw fail(e);
  }
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, target);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw fail(e);
  }
}
