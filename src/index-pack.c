/* index-pack.c — a month's index segment packed small; see index-pack.h. */
#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define ZSTD_STATIC_LINKING_ONLY	/* ZSTD_c_literalCompressionMode */
#include <zstd.h>
/* IX_PORTABLE: without SSE2, as on other machines (a unit test builds it so). */
#if defined(__SSE2__) && !defined(IX_PORTABLE)
#define IX_SSE2 1
#include <emmintrin.h>
#endif

#include "index-pack.h"
#include "workers.h"

/* Differences wrap (unsigned): no overflow, always undone exactly. */
static int64_t
sub(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

static int64_t
add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* What a record's times and its first event are written from. */
static int64_t
created_or_0(const struct ix_rec *r)
{
	return r->t[IXT_CREATED] == IX_NONE ? 0 : r->t[IXT_CREATED];
}

/* The length of part i of `total` cut into parts of `unit`. */
static size_t
part_len(size_t total, size_t i, size_t unit)
{
	return total - i * unit < unit ? total - i * unit : unit;
}

/* The hour (ix_hour()) of the latest creation among n records; INT32_MAX
 * when one has none. */
static int32_t
newest(const struct ix_rec *r, size_t n)
{
	int32_t h = INT32_MIN;

	for (size_t i = 0; i < n; i++) {
		if (r[i].t[IXT_CREATED] == IX_NONE)
			return INT32_MAX;
		if (ix_hour(r[i].t[IXT_CREATED]) > h)
			h = ix_hour(r[i].t[IXT_CREATED]);
	}
	return h;
}

/* Swap the high `w` bits of each 2w-bit block of *a with the low of *b. */
static inline void
swap_blocks(uint64_t *a, uint64_t *b, int w, uint64_t m)
{
	uint64_t t = ((*a >> w) ^ *b) & m;

	*a ^= t << w;
	*b ^= t;
}

/* An 8×8 byte matrix, x[j] its row j (byte k: column k), transposed in
 * place: three rounds of swapping blocks, 4×4, 2×2, then bytes. */
static inline void
transpose8(uint64_t x[8])
{
	const uint64_t m32 = 0x00000000FFFFFFFFull, m16 = 0x0000FFFF0000FFFFull,
	    m8 = 0x00FF00FF00FF00FFull;

	swap_blocks(&x[0], &x[4], 32, m32);
	swap_blocks(&x[1], &x[5], 32, m32);
	swap_blocks(&x[2], &x[6], 32, m32);
	swap_blocks(&x[3], &x[7], 32, m32);
	swap_blocks(&x[0], &x[2], 16, m16);
	swap_blocks(&x[1], &x[3], 16, m16);
	swap_blocks(&x[4], &x[6], 16, m16);
	swap_blocks(&x[5], &x[7], 16, m16);
	swap_blocks(&x[0], &x[1], 8, m8);
	swap_blocks(&x[2], &x[3], 8, m8);
	swap_blocks(&x[4], &x[5], 8, m8);
	swap_blocks(&x[6], &x[7], 8, m8);
}

#ifdef IX_SSE2
/* A 16×16 byte matrix, rows row[j] + c, transposed to dst + j * dstride.
 * Each round interleaves row i with row i + 8, which rotates a byte's
 * (row, column) address left by one bit; four rounds swap row and column. */
static inline void
transpose16(unsigned char *dst, size_t dstride, const unsigned char *const *row, size_t c)
{
	__m128i x[16], y[16];

	for (int j = 0; j < 16; j++)
		x[j] = _mm_loadu_si128((const __m128i *)(const void *)(row[j] + c));
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 8; i++) {
			y[2 * i] = _mm_unpacklo_epi8(x[i], x[i + 8]);
			y[2 * i + 1] = _mm_unpackhi_epi8(x[i], x[i + 8]);
		}
		memcpy(x, y, sizeof(x));
	}
	for (int j = 0; j < 16; j++)
		_mm_storeu_si128((__m128i *)(void *)(dst + j * dstride), x[j]);
}
#endif

/*
 * dst[c][r] = row[r][c] of a rows × cols byte matrix (row r at row[r]):
 * 16 × 16 at a time where there is SSE2, 8 × 8 at a time, and what is
 * past the last whole 8 rows or columns a byte at a time.  Shuffling n
 * elements of `size` bytes (byte b of element i to plane b, the planes
 * one after another) is transpose(dst, elements, n, size); undoing it,
 * transpose(dst, planes, size, n).
 */
static void
transpose(unsigned char *restrict dst, const unsigned char *const *row, size_t rows,
    size_t cols)
{
	size_t r8 = rows & ~(size_t)7, c8 = cols & ~(size_t)7;
	size_t r16 = 0, c16 = 0;

#ifdef IX_SSE2
	r16 = rows & ~(size_t)15;
	c16 = cols & ~(size_t)15;
	for (size_t c = 0; c < c16; c += 16)	/* a block of dst rows at a time */
		for (size_t r = 0; r < r16; r += 16)
			transpose16(dst + c * rows + r, rows, row + r, c);
#endif
	for (size_t r = 0; r < r8; r += 8)
		for (size_t c = r < r16 ? c16 : 0; c < c8; c += 8) {
			uint64_t x[8];
			for (int j = 0; j < 8; j++)
				memcpy(&x[j], row[r + j] + c, 8);
			transpose8(x);
			for (int j = 0; j < 8; j++)
				memcpy(dst + (c + j) * rows + r, &x[j], 8);
		}
	for (size_t r = 0; r < rows; r++)
		for (size_t c = r < r8 ? c8 : 0; c < cols; c++)
			dst[c * rows + r] = row[r][c];
}

/* n elements of `size` bytes at src into their planes at dst. */
static void
shuffle(unsigned char *dst, const unsigned char *src, size_t n, size_t size)
{
	const unsigned char **row = xmalloc((n ? n : 1) * sizeof(*row));

	for (size_t i = 0; i < n; i++)
		row[i] = src + i * size;
	transpose(dst, row, n, size);
	free(row);
}

/*
 * A frame's content: n elements of `size` bytes shuffled into `size`
 * planes of n bytes, a plane that is one value throughout written as
 * that byte alone:
 *	a mask of size / 8 bytes: bit b % 8 of byte b / 8 set when plane b
 *	is one value
 *	those planes' values, in plane order
 *	the other planes, n bytes each, in plane order
 * Most of a chunk's planes are the high bytes of times, counts and
 * enumerations, the same from record to record: a frame unpacks to a
 * third of the bytes, and zstd's time goes with what it writes.
 */
static int
one_value(const unsigned char *plane, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (plane[i] != plane[0])
			return 0;
	return n > 0;
}

/* The content of planes (size * n bytes) into dst (room for size / 8 +
 * size * n); its length. */
static size_t
squeeze(unsigned char *dst, const unsigned char *planes, size_t n, size_t size)
{
	size_t k = size / 8, at;

	memset(dst, 0, size / 8);
	for (size_t b = 0; b < size; b++)
		if (one_value(planes + b * n, n)) {
			dst[b / 8] |= (unsigned char)(1u << b % 8);
			dst[k++] = planes[b * n];
		}
	at = k;
	for (size_t b = 0; b < size; b++)
		if (!(dst[b / 8] >> b % 8 & 1)) {
			memcpy(dst + at, planes + b * n, n);
			at += n;
		}
	return at;
}

/* A frame's planes as unpacked: plane b's n bytes at row[b]. */
struct planes {
	const unsigned char *row[sizeof(struct ix_rec)];
};

/* Room to unpack a frame of n elements of `size` bytes into: its
 * content at most, then the one-value planes laid out. */
static size_t
content_max(size_t n, size_t size)
{
	return size / 8 + size + size * n;
}

static size_t
planes_buf(size_t n, size_t size)
{
	return content_max(n, size) + size * n;
}

/* The planes of a frame's content (`len` bytes at buf, squeeze()), a
 * plane of one value laid out at `fill` (room for size * n bytes), one
 * for each value.  -1 when its length is not what its mask says. */
static int
spread(struct planes *pl, const unsigned char *buf, size_t len, size_t n, size_t size,
    unsigned char *fill)
{
	const unsigned char *one[256] = { NULL };
	size_t k = 0, v, at;

	if (len < size / 8 || size > sizeof(pl->row))
		return -1;
	for (size_t b = 0; b < size; b++)
		k += buf[b / 8] >> b % 8 & 1;
	if (len != size / 8 + k + (size - k) * n)
		return -1;
	v = size / 8;
	at = v + k;
	for (size_t b = 0; b < size; b++) {
		if (buf[b / 8] >> b % 8 & 1) {
			unsigned char x = buf[v++];

			if (one[x] == NULL) {
				memset(fill, x, n);
				one[x] = fill;
				fill += n;
			}
			pl->row[b] = one[x];
		} else {
			pl->row[b] = buf + at;
			at += n;
		}
	}
	return 0;
}

_Static_assert(sizeof(struct ix_rec) % 8 == 0 && sizeof(struct ix_event) % 8 == 0,
    "records and events shuffle 8 bytes at a time");

/*
 * A record's times from its creation (a time absent stays IX_NONE), its
 * creation, file time and inode from the record before's (the first of
 * a chunk as they are: a chunk unpacks alone), and no event offset (the
 * chunk's events follow its records in order).  0, or -1
 * when a difference would read as IX_NONE (no real time is that far).
 */
static int
rec_encode(struct ix_rec *r, const struct ix_rec *prev)
{
	int64_t base = created_or_0(r);

	for (int k = 0; k < IXT_COUNT; k++) {
		if (k == IXT_CREATED || r->t[k] == IX_NONE)
			continue;
		r->t[k] = sub(r->t[k], base);
		if (r->t[k] == IX_NONE)
			return -1;
	}
	if (prev && r->t[IXT_CREATED] != IX_NONE && prev->t[IXT_CREATED] != IX_NONE) {
		r->t[IXT_CREATED] = sub(r->t[IXT_CREATED], prev->t[IXT_CREATED]);
		if (r->t[IXT_CREATED] == IX_NONE)
			return -1;
	}
	if (prev) {
		r->mtime_ns = sub(r->mtime_ns, prev->mtime_ns);
		r->ino -= prev->ino;
	}
	r->ev = 0;
	return 0;
}

/* Undo rec_encode's chain (prev: the record before, its chain already
 * undone): its creation, file time and inode. */
static void
chain_decode(struct ix_rec *r, const struct ix_rec *prev)
{
	if (prev == NULL)
		return;
	if (r->t[IXT_CREATED] != IX_NONE && prev->t[IXT_CREATED] != IX_NONE)
		r->t[IXT_CREATED] = add(r->t[IXT_CREATED], prev->t[IXT_CREATED]);
	r->mtime_ns = add(r->mtime_ns, prev->mtime_ns);
	r->ino += prev->ino;
}

/* Undo the rest: its other times, from its creation. */
static void
times_decode(struct ix_rec *r)
{
	int64_t base = created_or_0(r);

	for (int k = 0; k < IXT_COUNT; k++)
		if (k != IXT_CREATED && r->t[k] != IX_NONE)
			r->t[k] = add(r->t[k], base);
}

size_t
ix_pack_nchunk(size_t nrec)
{
	return (nrec + IX_CHUNK - 1) / IX_CHUNK;
}

size_t
ix_pack_npiece(size_t nstr)
{
	return (nstr + IX_PIECE - 1) / IX_PIECE;
}

size_t
ix_pack_chunk_len(const struct ix_packed *p, size_t c)
{
	return part_len(p->nrec, c, IX_CHUNK);
}

/* One zstd frame of `len` bytes added to z; its length, 0 on failure. */
static size_t
frame(ZSTD_CCtx *cc, struct strbuf *z, const void *src, size_t len)
{
	size_t bound = ZSTD_compressBound(len), n;

	sb_grow(z, bound);
	n = ZSTD_compress2(cc, z->buf + z->len, bound, src, len);
	if (ZSTD_isError(n) || n > UINT32_MAX)
		return 0;
	z->len += n;
	return n;
}

/* n elements of `size` bytes shuffled, squeezed and framed into z
 * (buf: room for planes_buf()); the frame's length, 0 on failure. */
static size_t
planes_frame(ZSTD_CCtx *cc, struct strbuf *z, const void *src, size_t n, size_t size,
    unsigned char *buf)
{
	unsigned char *planes = buf + content_max(n, size);

	shuffle(planes, src, n, size);
	return frame(cc, z, buf, squeeze(buf, planes, n, size));
}

/*
 * A compressor at `level` with checksums; with `raw_literals`, zstd's
 * literals (the bytes no match covers) are left as they are: most of a
 * chunk's planes are such bytes, and decoding their Huffman codes takes
 * half as long again as the rest of reading them (for 5 % less size).
 * The setting is experimental in zstd; a library without it packs as
 * before, and any zstd reads either.
 */
static ZSTD_CCtx *
compressor(int level, int raw_literals)
{
	ZSTD_CCtx *cc = ZSTD_createCCtx();

	if (cc == NULL || ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1))) {
		ZSTD_freeCCtx(cc);
		return NULL;
	}
#ifdef ZSTD_c_literalCompressionMode
	if (raw_literals)
		(void)ZSTD_CCtx_setParameter(cc, ZSTD_c_literalCompressionMode, ZSTD_lcm_uncompressed);
#else
	(void)raw_literals;
#endif
	return cc;
}

int
ix_pack(const struct index *ix, struct ix_chunk *chunk, struct ix_piece *piece,
    struct strbuf *z)
{
	ZSTD_CCtx *cc = compressor(1, 0), *cp = compressor(3, 1);
	struct ix_rec *rec = xmalloc(IX_CHUNK * sizeof(*rec));
	struct ix_event *ev = NULL;
	unsigned char *buf = NULL;
	size_t aev = 0, abuf = 0, nchunk = ix_pack_nchunk(ix->nrec);
	uint64_t evat = 0;
	int rc = -1;

	if (cc == NULL || cp == NULL)
		goto out;
	for (size_t c = 0; c < nchunk; c++) {
		size_t lo = c * IX_CHUNK, n = part_len(ix->nrec, c, IX_CHUNK), nev = 0;

		for (size_t i = 0; i < n; i++) {
			const struct ix_rec *r = &ix->rec[lo + i];
			int64_t prev;

			rec[i] = *r;
			if (rec_encode(&rec[i], i ? &ix->rec[lo + i - 1] : NULL) < 0)
				goto out;
			ALLOC_GROW(ev, nev + r->nev, aev);
			prev = created_or_0(r);
			for (uint32_t e = 0; e < r->nev; e++) {
				ev[nev] = ix->ev[r->ev + e];
				memset(ev[nev].pad, 0, sizeof(ev[nev].pad));
				ev[nev].t = sub(ev[nev].t, prev);
				prev = ix->ev[r->ev + e].t;
				nev++;
			}
		}
		ALLOC_GROW(buf, planes_buf(n, sizeof(*rec)), abuf);
		ALLOC_GROW(buf, planes_buf(nev, sizeof(*ev)), abuf);
		chunk[c].at = z->len;
		chunk[c].ev = evat;
		chunk[c].nev = (uint32_t)nev;
		chunk[c].newest = newest(ix->rec + lo, n);
		if ((chunk[c].zrec = (uint32_t)planes_frame(cp, z, rec, n, sizeof(*rec), buf)) == 0 ||
		    (chunk[c].zev = (uint32_t)planes_frame(cp, z, ev, nev, sizeof(*ev), buf)) == 0)
			goto out;
		evat += nev;
	}
	for (size_t i = 0; i < ix_pack_npiece(ix->nstr); i++) {
		piece[i].at = z->len;
		piece[i].pad = 0;
		piece[i].zlen = (uint32_t)frame(cc, z, ix->str + i * IX_PIECE,
		    part_len(ix->nstr, i, IX_PIECE));
		if (piece[i].zlen == 0)
			goto out;
	}
	rc = 0;
out:
	ZSTD_freeCCtx(cc);
	ZSTD_freeCCtx(cp);
	free(rec);
	free(ev);
	free(buf);
	return rc;
}

/* Frame [at, at+zlen) of the packed data into dst (room for `cap`
 * bytes); its length, or -1. */
static ssize_t
unframe(ZSTD_DCtx *dc, const struct ix_packed *p, uint64_t at, uint32_t zlen, void *dst,
    size_t cap)
{
	size_t n;

	if (at > p->nz || zlen > p->nz - at)
		return -1;
	n = ZSTD_decompressDCtx(dc, dst, cap, p->z + at, zlen);
	return ZSTD_isError(n) || n > SSIZE_MAX ? -1 : (ssize_t)n;
}

/* The planes of n elements of `size` bytes from frame [at, at+zlen)
 * (planes_frame()), in *buf; -1 when damaged. */
static int
unframe_planes(ZSTD_DCtx *dc, const struct ix_packed *p, uint64_t at, uint32_t zlen,
    size_t n, size_t size, struct planes *pl, unsigned char **buf, size_t *abuf)
{
	ssize_t len;

	ALLOC_GROW(*buf, planes_buf(n, size), *abuf);
	if ((len = unframe(dc, p, at, zlen, *buf, content_max(n, size))) < 0)
		return -1;
	return spread(pl, *buf, (size_t)len, n, size, *buf + content_max(n, size));
}

/* Element i of the shuffled ones, `len` bytes (byte b of element i is
 * pl->row[b][i]), into dst: one element laid out without unshuffling
 * the rest. */
static void
gather(void *dst, const struct planes *pl, size_t i, size_t len)
{
	unsigned char *d = dst;

	for (size_t b = 0; b < len; b++)
		d[b] = pl->row[b][i];
}

/* A chunk's chain (chain_decode) and event counts, laid out from their planes. */
struct chain {
	int64_t created[IX_CHUNK], mtime_ns[IX_CHUNK];
	uint64_t ino[IX_CHUNK];
	uint32_t nev[IX_CHUNK];
};

/* Field `len` bytes at `off` of all n shuffled elements, laid out in dst. */
static void
unshuffle_field(void *dst, const struct planes *pl, size_t n, size_t off, size_t len)
{
	transpose(dst, pl->row + off, len, n);
}

static void
chain_fields(struct chain *c, const struct planes *pl, size_t n)
{
	unshuffle_field(c->created, pl, n,
	    offsetof(struct ix_rec, t) + IXT_CREATED * sizeof(c->created[0]), sizeof(c->created[0]));
	unshuffle_field(c->mtime_ns, pl, n, offsetof(struct ix_rec, mtime_ns), sizeof(c->mtime_ns[0]));
	unshuffle_field(c->ino, pl, n, offsetof(struct ix_rec, ino), sizeof(c->ino[0]));
	unshuffle_field(c->nev, pl, n, offsetof(struct ix_rec, nev), sizeof(c->nev[0]));
}

/* At most one record in PICK_FEW picked: they are gathered one by one:
 * a whole chunk's unshuffling costs more than gathering a few dozen. */
#define PICK_FEW 16

static size_t
picked(const unsigned char *pick, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += pick[i] != 0;
	return k;
}

/* The records of a chunk (shuffled in `pl`), the picked ones laid out
 * in rec (pick NULL: all), each one's `ev` counted from `at`; -1 when
 * their event counts overrun the chunk's `nev`. */
static int
records(struct ix_rec *rec, const struct planes *pl, size_t n, const unsigned char *pick,
    int few, uint64_t at, uint64_t end)
{
	struct ix_rec link[2];
	struct chain ch;	/* 28 KiB */

	if (!few) {
		transpose((unsigned char *)rec, pl->row, sizeof(*rec), n);
		for (size_t i = 0; i < n; i++) {
			chain_decode(&rec[i], i ? &rec[i - 1] : NULL);
			times_decode(&rec[i]);
			if (rec[i].nev > end - at)
				return -1;
			rec[i].ev = (uint32_t)at;
			at += rec[i].nev;
		}
		return at == end ? 0 : -1;
	}
	/* Every record's chain, to undo the next one's; the picked ones whole. */
	chain_fields(&ch, pl, n);
	memset(link, 0, sizeof(link));
	for (size_t i = 0; i < n; i++) {
		struct ix_rec *cur = &link[i % 2];

		cur->t[IXT_CREATED] = ch.created[i];
		cur->mtime_ns = ch.mtime_ns[i];
		cur->ino = ch.ino[i];
		chain_decode(cur, i ? &link[(i + 1) % 2] : NULL);
		if (ch.nev[i] > end - at)
			return -1;
		if (pick[i]) {
			gather(&rec[i], pl, i, sizeof(rec[i]));
			rec[i].t[IXT_CREATED] = cur->t[IXT_CREATED];
			rec[i].mtime_ns = cur->mtime_ns;
			rec[i].ino = cur->ino;
			times_decode(&rec[i]);
			rec[i].ev = (uint32_t)at;
		}
		at += ch.nev[i];
	}
	return at == end ? 0 : -1;
}

/* The events of the records laid out (all, or the picked ones: `few`
 * gathers theirs alone), their times undone from each one's creation;
 * `ev` is the chunk's, from its event `first`. */
static void
events(struct ix_event *ev, const struct planes *pl, size_t nev, const struct ix_rec *rec,
    size_t n, const unsigned char *pick, int few, uint64_t first)
{
	if (!few)
		transpose((unsigned char *)ev, pl->row, sizeof(*ev), nev);
	for (size_t i = 0; i < n; i++) {
		int64_t prev;
		size_t e;

		if (pick && !pick[i])
			continue;
		prev = created_or_0(&rec[i]);
		e = rec[i].ev - first;
		for (uint32_t k = 0; k < rec[i].nev; k++, e++) {
			if (few)
				gather(&ev[e], pl, e, sizeof(ev[e]));
			prev = ev[e].t = add(ev[e].t, prev);
		}
	}
}

static int
unpack_chunk(ZSTD_DCtx *dc, const struct ix_packed *p, size_t c, const unsigned char *pick,
    struct ix_rec *rec, struct ix_event *ev, unsigned char **buf, size_t *abuf)
{
	const struct ix_chunk *ch;
	struct planes pl;
	size_t n, nev;
	int few;

	if (c >= p->nchunk)
		return -1;
	ch = &p->chunk[c];
	n = ix_pack_chunk_len(p, c);
	nev = ch->nev;
	few = pick != NULL && picked(pick, n) * PICK_FEW <= n;
	if (ch->ev > p->nev || nev > p->nev - ch->ev || ch->ev + nev > UINT32_MAX)
		return -1;
	if (unframe_planes(dc, p, ch->at, ch->zrec, n, sizeof(*rec), &pl, buf, abuf) < 0 ||
	    records(rec, &pl, n, pick, few, ch->ev, ch->ev + nev) < 0)
		return -1;
	if (ev == NULL)
		return 0;
	if (unframe_planes(dc, p, ch->at + ch->zrec, ch->zev, nev, sizeof(*ev), &pl, buf, abuf) < 0)
		return -1;
	events(ev, &pl, nev, rec, n, pick, few, ch->ev);
	return 0;
}

static int
unpack_piece(ZSTD_DCtx *dc, const struct ix_packed *p, size_t i, char *str)
{
	size_t len;

	if (i >= p->npiece || i * IX_PIECE >= p->nstr)
		return -1;
	len = part_len(p->nstr, i, IX_PIECE);
	return unframe(dc, p, p->piece[i].at, p->piece[i].zlen, str + i * IX_PIECE, len) ==
	    (ssize_t)len ? 0 : -1;
}

int
ix_unpack_piece(const struct ix_packed *p, size_t i, char *str)
{
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	int rc = dc ? unpack_piece(dc, p, i, str) : -1;

	ZSTD_freeDCtx(dc);
	return rc;
}

int
ix_pack_tables_ok(const struct ix_packed *p)
{
	uint64_t ev = 0, at = 0;

	for (size_t c = 0; c < p->nchunk; c++) {
		if (p->chunk[c].ev != ev || p->chunk[c].at != at)
			return 0;
		ev += p->chunk[c].nev;
		at += (uint64_t)p->chunk[c].zrec + p->chunk[c].zev;
	}
	for (size_t i = 0; i < p->npiece; i++) {
		if (p->piece[i].at != at)
			return 0;
		at += p->piece[i].zlen;
	}
	return ev == p->nev && at == p->nz;
}

/* Items [0, nchunk) are chunks (which[i], or i), those after pieces. */
struct unpack_many {
	const struct ix_packed *p;
	size_t nchunk;
	const size_t *which;	/* NULL: chunk i */
	const uint64_t *evat;	/* with which: where each one's events go */
	const unsigned char *pick;	/* NULL: every record */
	struct ix_rec *rec;
	struct ix_event *ev;
	char *str;
	atomic_int bad;
};

static void
unpack_range(void *arg, size_t lo, size_t hi)
{
	struct unpack_many *u = arg;
	ZSTD_DCtx *dc = ZSTD_createDCtx();	/* one for the range: a frame's costs nothing more */
	unsigned char *buf = NULL;
	size_t abuf = 0;

	if (dc == NULL)
		atomic_store_explicit(&u->bad, 1, memory_order_relaxed);
	for (size_t i = lo; i < hi && !atomic_load_explicit(&u->bad, memory_order_relaxed); i++) {
		size_t c = u->which ? u->which[i] : i;
		int rc;

		if (i < u->nchunk)
			rc = unpack_chunk(dc, u->p, c, u->pick ? u->pick + c * IX_CHUNK : NULL,
			    u->rec + i * IX_CHUNK, u->ev == NULL ? NULL :
			    u->ev + (u->which ? u->evat[i] : u->p->chunk[c].ev), &buf, &abuf);
		else
			rc = unpack_piece(dc, u->p, i - u->nchunk, u->str);
		if (rc < 0)
			atomic_store_explicit(&u->bad, 1, memory_order_relaxed);
	}
	free(buf);
	ZSTD_freeDCtx(dc);
}

int
ix_unpack_chunks(const struct ix_packed *p, const size_t *which, size_t n,
    const unsigned char *pick, struct ix_rec *rec, struct ix_event *ev)
{
	uint64_t *evat = xmalloc((n ? n : 1) * sizeof(*evat)), at = 0;
	struct unpack_many u = { p, n, which, evat, pick, rec, ev, NULL, 0 };

	for (size_t i = 0; i < n; i++) {
		if (which[i] >= p->nchunk) {
			free(evat);
			return -1;
		}
		evat[i] = at;
		at += p->chunk[which[i]].nev;
	}
	workers_run(n, 2, unpack_range, &u);
	free(evat);
	return atomic_load(&u.bad) ? -1 : 0;
}

int
ix_unpack_strings(const struct ix_packed *p, char *str)
{
	struct unpack_many u = { p, 0, NULL, NULL, NULL, NULL, NULL, str, 0 };

	workers_run(p->npiece, 8, unpack_range, &u);
	return atomic_load(&u.bad) ? -1 : 0;
}

int
ix_unpack_all(const struct ix_packed *p, struct ix_rec *rec, struct ix_event *ev, char *str)
{
	struct unpack_many u = { p, p->nchunk, NULL, NULL, NULL, rec, ev, str, 0 };

	if (!ix_pack_tables_ok(p))
		return -1;
	workers_run(p->nchunk + p->npiece, 8, unpack_range, &u);
	return atomic_load(&u.bad) ? -1 : 0;
}
