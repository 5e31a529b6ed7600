/* import-input.c — what an import reads, read twice in little memory; see import.h. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "import.h"
#include "utf8.h"

#define MAX_HELD (1024L * 1024 * 1024)	/* what import_input_slurp holds: 1 GiB */

/* The import key: two 64-bit FNV-1a hashes (different offsets), of what
 * was read and then of the mapping options. */
static void
fnv_add(uint64_t *h1, uint64_t *h2, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		*h1 = (*h1 ^ (unsigned char)p[i]) * 0x100000001b3ULL;
		*h2 = (*h2 ^ (unsigned char)p[i]) * 0x100000001b3ULL;
		*h2 ^= *h2 >> 29;
	}
}

static const struct error *
read_some(int fd, char *buf, size_t room, size_t *got, const char *file)
{
	for (;;) {
		ssize_t n = read(fd, buf, room);
		if (n >= 0)
			return *got = (size_t)n, NULL;
		if (errno != EINTR)
			return error_sys("cannot read '%s'", file);
	}
}

/*
 * Copy `src` into the spool, converted from `enc` (NULL: copied as it is).
 * A byte that is not in the encoding is named with its line.
 */
static const struct error *
spool(struct import_input *in, int src, const char *enc)
{
	char inbuf[65536], outbuf[4 * 65536];
	size_t have = 0, got = 0;
	unsigned line = 1;
	iconv_t cd = (iconv_t)-1;
	const struct error *err = NULL;
	int eof = 0;

	if (enc && (cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
		return error_new(ERR_USAGE, "--encoding '%s' is not known; use gb18030 "
		    "(Chinese Excel), big5 or utf-8", enc);
	if ((in->fd = atomic_tmpfile(in->tmpfd)) < 0) {
		err = error_sys("cannot make a temporary copy of '%s' in the store's .tmp",
		    in->file);
		goto out;
	}
	in->own = in->spooled = 1;
	while (!eof && err == NULL) {
		char *p = inbuf, *dst = outbuf;
		size_t left, room = sizeof(outbuf);

		if ((err = read_some(src, inbuf + have, sizeof(inbuf) - have, &got,
		    in->file)) != NULL)
			break;
		eof = got == 0;
		have += got;
		left = have;
		if (cd == (iconv_t)-1) {
			memcpy(outbuf, inbuf, have);
			left = 0;
			room -= have;
		} else if (iconv(cd, &p, &left, &dst, &room) == (size_t)-1 &&
		    (errno == EILSEQ || (errno == EINVAL && eof))) {
			for (const char *q = inbuf; q < p; q++)
				line += *q == '\n';
			err = error_new(ERR_DATA, "%s:%u: byte 0x%02X is not %s; check "
			    "--encoding", in->file, line, (unsigned char)*p, enc);
			break;
		}
		for (const char *q = inbuf; q < p && cd != (iconv_t)-1; q++)
			line += *q == '\n';
		if (atomic_io_write(in->fd, outbuf, sizeof(outbuf) - room) < 0) {
			err = error_sys("cannot write a temporary copy of '%s'", in->file);
			break;
		}
		/* what iconv left (a sequence cut by the read) goes first next time */
		memmove(inbuf, inbuf + (have - left), left);
		have = left;
	}
	if (err == NULL && lseek(in->fd, 0, SEEK_SET) < 0)
		err = error_sys("cannot read back '%s'", in->file);
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return err;
}

const struct error *
import_input_open(struct import_input *in, const char *path, const char *file,
    const char *enc, int tmpfd)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	const struct error *err = NULL;

	memset(in, 0, sizeof(*in));
	in->file = file;
	in->fd = -1;
	in->tmpfd = tmpfd;
	if (fd < 0)
		return errno == ENOENT ? error_new(ERR_USAGE, "'%s' does not exist", path)
		    : error_sys("cannot open '%s'", path);
	if (enc && (strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0))
		enc = NULL;
	if (enc && (strcasecmp(enc, "gbk") == 0 || strcasecmp(enc, "gb2312") == 0))
		enc = "GB18030";	/* its superset: every GBK file reads the same */
	in->enc = enc;
	if (fstat(fd, &in->st) < 0)
		err = error_sys("cannot read '%s'", path);
	else if (fd != STDIN_FILENO && S_ISREG(in->st.st_mode) && enc == NULL) {
		in->fd = fd;	/* read where it is, twice */
		in->own = 1;
		return NULL;
	} else
		err = spool(in, fd, enc);
	if (fd != STDIN_FILENO)
		close(fd);
	return err;
}

const struct error *
import_input_line(struct import_input *in, const char *line, size_t n, unsigned lineno)
{
	size_t bad = utf8_check(line, n);

	if (bad < n && in->enc == NULL)
		return error_new(ERR_DATA, "%s:%u: byte 0x%02X is not UTF-8; a CSV saved by "
		    "Chinese Excel is GB18030: give --encoding gb18030", in->file, lineno,
		    (unsigned char)line[bad]);
	if (bad < n)	/* iconv wrote it: cannot be, but never passed on */
		return error_new(ERR_DATA, "%s:%u: byte 0x%02X is not UTF-8", in->file, lineno,
		    (unsigned char)line[bad]);
	if (memchr(line, '\0', n))
		return error_new(ERR_DATA, "%s:%u: holds a NUL byte; a CSV file is text",
		    in->file, lineno);
	fnv_add(&in->h1, &in->h2, line, n);
	return NULL;
}

void
import_input_start(struct import_input *in)
{
	in->h1 = 0xcbf29ce484222325ULL;
	in->h2 = 0x84222325cbf29ce4ULL;
}

const struct error *
import_input_changed(const struct import_input *in)
{
	return error_new(ERR_DATA, "'%s' changed while it was being imported; nothing was "
	    "imported: import it again", in->file);
}

const struct error *
import_input_rewind(struct import_input *in)
{
	struct stat st;

	if (lseek(in->fd, 0, SEEK_SET) < 0)
		return error_sys("cannot read '%s' again", in->file);
	if (!in->spooled && (fstat(in->fd, &st) < 0 || st.st_size != in->st.st_size ||
	    st.st_mtim.tv_sec != in->st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != in->st.st_mtim.tv_nsec))
		return import_input_changed(in);
	import_input_start(in);
	return NULL;
}

void
import_input_key(const struct import_input *in, const struct strbuf *mapping,
    char key[STORE_IMPORT_KEY + 1])
{
	uint64_t h1 = in->h1, h2 = in->h2;

	h1 = (h1 ^ 0xff) * 0x100000001b3ULL;	/* between the two parts */
	fnv_add(&h1, &h2, mapping->buf, mapping->len);
	h1 = (h1 ^ 0xff) * 0x100000001b3ULL;
	snprintf(key, STORE_IMPORT_KEY + 1, "%016llx%016llx", (unsigned long long)h1,
	    (unsigned long long)h2);
}

const struct error *
import_input_slurp(struct import_input *in, struct strbuf *sb)
{
	const struct error *err;
	size_t got = 0, off = 0;
	unsigned lineno = 1;

	import_input_start(in);
	do {
		sb_grow(sb, 65536);
		if ((err = read_some(in->fd, sb->buf + sb->len, 65536, &got, in->file)) != NULL)
			return err;
		sb->len += got;
		sb->buf[sb->len] = '\0';
		if ((long)sb->len > MAX_HELD)
			return error_new(ERR_DATA, "%s: more than 1 GiB; split it", in->file);
	} while (got > 0);
	while (off < sb->len) {
		const char *nl = memchr(sb->buf + off, '\n', sb->len - off);
		size_t n = nl ? (size_t)(nl - (sb->buf + off)) + 1 : sb->len - off;
		if ((err = import_input_line(in, sb->buf + off, n, lineno++)) != NULL)
			return err;
		off += n;
	}
	return NULL;
}

void
import_input_close(struct import_input *in)
{
	if (in->own && in->fd >= 0)
		close(in->fd);
	in->fd = -1;
}
