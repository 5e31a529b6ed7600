/* test-index-pack.c — a packed segment unpacks to what was packed, whole or
 * a chunk at a time, and a damaged one is found. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zstd.h>

#include "index-pack.h"

/* 2 whole chunks and a last one of 455 (not a multiple of 8: its tail is
 * shuffled a byte at a time); strings over 3 pieces. */
#define NREC (2 * IX_CHUNK + 455)

static uint64_t seed = 88172645463325252ull;

static uint64_t
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

struct fixture {
	struct index ix;
	struct ix_chunk *chunk;
	struct ix_piece *piece;
	struct strbuf z;
	struct ix_packed pk;
};

/* f->ix packed into f's tables and frames. */
static void
pack(struct fixture *f)
{
	const struct index *ix = &f->ix;

	f->chunk = xcalloc(ix_pack_nchunk(ix->nrec), sizeof(*f->chunk));
	f->piece = xcalloc(ix_pack_npiece(ix->nstr), sizeof(*f->piece));
	assert_int_equal(ix_pack(ix, f->chunk, f->piece, &f->z), 0);
	f->pk = (struct ix_packed){ f->chunk, ix_pack_nchunk(ix->nrec), f->piece,
	    ix_pack_npiece(ix->nstr), f->z.buf, f->z.len, ix->nrec, ix->nev, ix->nstr };
}

static void
release_packed(struct fixture *f)
{
	free(f->chunk);
	free(f->piece);
	sb_release(&f->z);
}

/* nrec records over nstr bytes of strings. */
static void
make_sized(struct fixture *f, size_t nrec, size_t nstr)
{
	struct index *ix = &f->ix;

	memset(f, 0, sizeof(*f));
	ix->nstr = nstr;
	ix->str = xmalloc(ix->nstr);
	for (size_t i = 0; i < ix->nstr; i++)
		ix->str[i] = (rnd() % 97 == 0) ? '\0' : (char)('a' + rnd() % 26);
	ix->str[0] = ix->str[ix->nstr - 1] = '\0';
	ix->nrec = nrec;
	ix->rec = xcalloc(nrec, sizeof(struct ix_rec));
	ix->ev = xcalloc(nrec * 4, sizeof(struct ix_event));
	for (size_t i = 0; i < nrec; i++) {
		struct ix_rec *r = &ix->rec[i];
		int64_t created = 1760000000 + (int64_t)i * 60 + (int64_t)(rnd() % 50);

		/* every fifth without a creation time; some times absent; one
		 * far in the past and one far ahead */
		for (int k = 0; k < IXT_COUNT; k++)
			r->t[k] = rnd() % 3 == 0 ? IX_NONE : created + (int64_t)(rnd() % 864000);
		r->t[IXT_CREATED] = i % 5 == 4 ? IX_NONE : created;
		if (i == 7)
			r->t[IXT_DUE_RESPONSE] = -62135596800;	/* year 1 */
		if (i == 8)
			r->t[IXT_DUE_RESOLUTION] = 253402300799;	/* year 9999 */
		r->mtime_ns = 1763000000000000000 + (int64_t)(rnd() % 1000000000);
		r->size = 500 + (int64_t)(rnd() % 3000);
		r->ino = 1000000 + i * 3 + rnd() % 3;
		for (int k = 0; k < IXS_COUNT; k++)
			r->s[k] = (uint32_t)(rnd() % ix->nstr);
		r->txt = (uint32_t)(i * 10);
		r->ntxt = 10;
		for (int k = 0; k < IXT_COUNT; k++)
			r->off[k] = 480;
		for (int k = 0; k < IXE_COUNT; k++)
			r->e[k] = (int16_t)(rnd() % 7) - 1;
		for (int k = 0; k < IXN_COUNT; k++)
			r->n[k] = (int16_t)(rnd() % 4) - 1;
		r->racy = i == 3;
		r->flags = IXR_EXACT;
		r->ev = (uint32_t)ix->nev;
		r->nev = (uint32_t)(rnd() % 5);
		for (uint32_t e = 0; e < r->nev; e++) {
			struct ix_event *v = &ix->ev[ix->nev++];
			v->t = (r->t[IXT_CREATED] == IX_NONE ? 1760000000 : r->t[IXT_CREATED]) +
			    (int64_t)(rnd() % 100000);
			v->str = (uint32_t)(rnd() % ix->nstr);
			v->kind = (uint8_t)(rnd() % 13);
			v->val = (uint8_t)(rnd() % 6);
		}
	}
	pack(f);
}

/* strings: long enough that some cross a piece's end */
static void
make(struct fixture *f)
{
	make_sized(f, NREC, 3 * IX_PIECE + 1000);
}

static void
release(struct fixture *f)
{
	free(f->ix.rec);
	free(f->ix.ev);
	free(f->ix.str);
	release_packed(f);
}

/* The whole of f unpacks to what was packed, and its strings alone too. */
static void
unpacks_whole(const struct fixture *f)
{
	struct ix_rec *rec = xmalloc(f->ix.nrec * sizeof(*rec));
	struct ix_event *ev = xmalloc((f->ix.nev ? f->ix.nev : 1) * sizeof(*ev));
	char *str = xcalloc(f->ix.nstr, 1);

	assert_int_equal(ix_unpack_all(&f->pk, rec, ev, str), 0);
	assert_memory_equal(rec, f->ix.rec, f->ix.nrec * sizeof(*rec));
	if (f->ix.nev)
		assert_memory_equal(ev, f->ix.ev, f->ix.nev * sizeof(*ev));
	assert_memory_equal(str, f->ix.str, f->ix.nstr);
	memset(str, 0, f->ix.nstr);
	assert_int_equal(ix_unpack_strings(&f->pk, str), 0);
	assert_memory_equal(str, f->ix.str, f->ix.nstr);
	free(rec);
	free(ev);
	free(str);
}

static void
unpacks_whole_to_what_was_packed(void **state)
{
	struct fixture f;

	(void)state;
	make(&f);
	assert_int_equal(f.pk.nchunk, 3);
	assert_int_equal(f.pk.npiece, 4);
	/* The records and events (random but for their times and files)
	 * under half their size: the times' differences and the shuffle. */
	assert_true(f.piece[0].at < (NREC * sizeof(struct ix_rec) +
	    f.ix.nev * sizeof(struct ix_event)) / 2);
	unpacks_whole(&f);
	release(&f);
}

/* Each chunk says the hour its newest record was created (a reader
 * leaves it out of a period after that): unknown (INT32_MAX) when one of
 * its records has no creation time. */
static void
chunks_name_their_newest_creation(void **state)
{
	struct fixture f;
	struct ix_chunk chunk[2];
	struct ix_piece *piece;
	struct strbuf z = STRBUF_INIT;

	(void)state;
	make_sized(&f, 2 * IX_CHUNK, 1000);
	for (size_t c = 0; c < 2; c++)
		assert_int_equal(f.chunk[c].newest, INT32_MAX);
	for (size_t i = 0; i < f.ix.nrec; i++)	/* the newest, third from the end */
		f.ix.rec[i].t[IXT_CREATED] = 1760000000 + (i % IX_CHUNK == IX_CHUNK - 3 ?
		    (int64_t)(i / IX_CHUNK + 1) * 86400 : (int64_t)i);
	piece = xcalloc(ix_pack_npiece(f.ix.nstr), sizeof(*piece));
	assert_int_equal(ix_pack(&f.ix, chunk, piece, &z), 0);
	assert_int_equal(chunk[0].newest, (1760000000 + 86400) / 3600);
	assert_int_equal(chunk[1].newest, (1760000000 + 2 * 86400) / 3600);
	free(piece);
	sb_release(&z);
	release(&f);
}

/* The last chunk alone, then the first and last together: records at
 * their slots, events one after the other, `ev` as in the whole. */
static void
unpacks_chosen_chunks(void **state)
{
	struct fixture f;
	struct ix_rec *rec = xmalloc(2 * IX_CHUNK * sizeof(*rec));
	struct ix_event *ev;
	size_t last[] = { 2 }, ends[] = { 0, 2 };

	(void)state;
	make(&f);
	ev = xmalloc(f.ix.nev * sizeof(*ev));
	assert_int_equal(ix_pack_chunk_len(&f.pk, 2), 455);
	assert_int_equal(ix_unpack_chunks(&f.pk, last, 1, NULL, rec, NULL), 0);
	assert_memory_equal(rec, f.ix.rec + 2 * IX_CHUNK, 455 * sizeof(*rec));

	assert_int_equal(ix_unpack_chunks(&f.pk, ends, 2, NULL, rec, ev), 0);
	assert_memory_equal(rec, f.ix.rec, IX_CHUNK * sizeof(*rec));
	assert_memory_equal(rec + IX_CHUNK, f.ix.rec + 2 * IX_CHUNK, 455 * sizeof(*rec));
	assert_memory_equal(ev, f.ix.ev, f.chunk[0].nev * sizeof(*ev));
	assert_memory_equal(ev + f.chunk[0].nev, f.ix.ev + f.chunk[2].ev,
	    f.chunk[2].nev * sizeof(*ev));
	free(rec);
	free(ev);
	release(&f);
}

/*
 * Picked records alone (pick): a few of a chunk are gathered one by one,
 * many unshuffle the chunk; either way the picked ones and their events
 * are as packed, `ev` as in the whole, and the rest left as they were.
 */
static void
unpacks_picked_records(void **state)
{
	struct fixture f;
	struct ix_rec *rec = xmalloc(3 * IX_CHUNK * sizeof(*rec));
	struct ix_event *ev;
	unsigned char *pick = xcalloc(NREC, 1);
	size_t all[] = { 0, 1, 2 };

	(void)state;
	make(&f);
	ev = xmalloc(f.ix.nev * sizeof(*ev));
	/* chunk 0: 3 (first, one with no creation time, last); chunk 1:
	 * every other one (many); chunk 2: one, its last */
	pick[0] = pick[4] = pick[IX_CHUNK - 1] = 1;
	for (size_t i = IX_CHUNK; i < 2 * IX_CHUNK; i += 2)
		pick[i] = 1;
	pick[NREC - 1] = 1;
	memset(rec, 0xA5, 3 * IX_CHUNK * sizeof(*rec));
	memset(ev, 0xA5, f.ix.nev * sizeof(*ev));
	assert_int_equal(ix_unpack_chunks(&f.pk, all, 3, pick, rec, ev), 0);
	for (size_t c = 0; c < 3; c++)
		for (size_t i = 0; i < ix_pack_chunk_len(&f.pk, c); i++) {
			size_t at = c * IX_CHUNK + i;
			const struct ix_rec *want = &f.ix.rec[at];

			if (!pick[at]) {
				if (c != 1)	/* gathered: left alone */
					assert_int_equal(rec[at].t[IXT_CREATED], (int64_t)0xA5A5A5A5A5A5A5A5ull);
				continue;
			}
			assert_memory_equal(&rec[at], want, sizeof(*want));
			assert_memory_equal(ev + want->ev, f.ix.ev + want->ev,
			    want->nev * sizeof(*ev));
		}
	assert_true(f.ix.rec[IX_CHUNK - 1].nev > 0);	/* the fixture gives events */
	free(pick);
	free(rec);
	free(ev);
	release(&f);
}

/*
 * Every shape of the byte shuffle: 1 to 40 records (and so events), whole
 * blocks of 16 and 8 and the bytes past them, each way.  The strings
 * alone unpack to what they were too.
 */
static void
unpacks_every_shape(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 40; n++) {
		struct fixture f;

		make_sized(&f, n, 100 + n);
		unpacks_whole(&f);
		release(&f);
	}
}

static void
damage_is_found(void **state)
{
	struct fixture f;
	struct ix_rec *rec = xmalloc(NREC * sizeof(*rec));
	struct ix_event *ev;
	char *str;
	size_t one[] = { 1 }, bad[] = { 3 };

	(void)state;
	make(&f);
	ev = xmalloc(f.ix.nev * sizeof(*ev));
	str = xmalloc(f.ix.nstr);
	/* a byte of chunk 1's records: that chunk fails, chunk 0 does not */
	f.z.buf[f.chunk[1].at + f.chunk[1].zrec / 2] ^= 0x55;
	assert_int_equal(ix_unpack_chunks(&f.pk, one, 1, NULL, rec, NULL), -1);
	assert_int_equal(ix_unpack_chunks(&f.pk, one, 0, NULL, rec, NULL), 0);
	assert_int_equal(ix_unpack_all(&f.pk, rec, ev, str), -1);
	f.z.buf[f.chunk[1].at + f.chunk[1].zrec / 2] ^= 0x55;
	assert_int_equal(ix_unpack_all(&f.pk, rec, ev, str), 0);
	/* a chunk that is not there */
	assert_int_equal(ix_unpack_chunks(&f.pk, bad, 1, NULL, rec, NULL), -1);
	/* events that do not add up: the table says one more */
	f.chunk[0].nev++;
	assert_int_equal(ix_unpack_all(&f.pk, rec, ev, str), -1);
	f.chunk[0].nev--;
	/* two entries swapped (each frame whole, checksum and all), in
	 * either table; then as they were */
	assert_true(ix_pack_tables_ok(&f.pk));
	{
		struct ix_piece p = f.piece[0];
		struct ix_chunk c = f.chunk[0];

		f.piece[0] = f.piece[1];
		f.piece[1] = p;
		assert_false(ix_pack_tables_ok(&f.pk));
		assert_int_equal(ix_unpack_all(&f.pk, rec, ev, str), -1);
		f.piece[1] = f.piece[0];
		f.piece[0] = p;
		f.chunk[0].at = f.chunk[1].at;
		f.chunk[1].at = c.at;
		assert_false(ix_pack_tables_ok(&f.pk));
		f.chunk[1].at = f.chunk[0].at;
		f.chunk[0].at = c.at;
		assert_true(ix_pack_tables_ok(&f.pk));
	}
	/* a frame said to reach past the data */
	f.piece[3].zlen = (uint32_t)f.z.len;
	assert_int_equal(ix_unpack_piece(&f.pk, 3, str), -1);
	assert_int_equal(ix_unpack_piece(&f.pk, 4, str), -1);
	assert_int_equal(ix_unpack_strings(&f.pk, str), -1);
	free(rec);
	free(ev);
	free(str);
	release(&f);
}

/*
 * A chunk's frames as written: a mask of the planes that are one value
 * (a bit per byte of the struct), their values, then the other planes.
 * Two records, the plane of their ids' low byte one value: laid out as
 * the content says; a byte more or less than the mask says is damage,
 * not a shifted plane.
 */
static void
a_frame_unpacks_only_as_its_mask_says(void **state)
{
	enum { N = 2, MASK = sizeof(struct ix_rec) / 8,
		P = offsetof(struct ix_rec, s) + IXS_ID * sizeof(uint32_t) };
	unsigned char content[MASK + 1 + (sizeof(struct ix_rec) - 1) * N + 1];
	unsigned char evs[sizeof(struct ix_event) / 8] = { 0 };
	unsigned char z[2048];
	struct ix_chunk chunk = { 0, 0, 0, 0, 0, INT32_MAX };
	struct ix_packed pk = { &chunk, 1, NULL, 0, (char *)z, 0, N, 0, 0 };
	struct ix_rec rec[N];
	size_t one[] = { 0 }, len = sizeof(content) - 1;

	(void)state;
	memset(content, 0, sizeof(content));
	content[P / 8] = 1 << P % 8;	/* plane P: 0x7F for both */
	content[MASK] = 0x7F;
	content[MASK + 1 + P * N] = 9;	/* the plane after it: 9, 0 */
	for (int delta = -1; delta <= 1; delta++) {
		size_t zr = ZSTD_compress(z, sizeof(z), content, len + (size_t)delta, 1);
		size_t ze = ZSTD_compress(z + zr, sizeof(z) - zr, evs, sizeof(evs), 1);

		assert_false(ZSTD_isError(zr) || ZSTD_isError(ze));
		chunk.zrec = (uint32_t)zr;
		chunk.zev = (uint32_t)ze;
		pk.nz = zr + ze;
		memset(rec, 0xA5, sizeof(rec));
		assert_int_equal(ix_unpack_chunks(&pk, one, 1, NULL, rec, NULL), delta ? -1 : 0);
		if (delta == 0) {
			assert_int_equal(rec[0].s[IXS_ID], 0x097F);
			assert_int_equal(rec[1].s[IXS_ID], 0x007F);
		}
	}
}

/* A chunk of records alike but for their ids: its frame unpacks to the
 * planes of the ids and of the chained fields (the first record's differ
 * from the differences of the rest), and little else: under an eighth
 * of the records (what zstd writes is what reading them costs). */
static void
planes_of_one_value_pack_to_little(void **state)
{
	struct fixture f;

	(void)state;
	make_sized(&f, IX_CHUNK, 1000);
	for (size_t i = 0; i < IX_CHUNK; i++) {
		f.ix.rec[i] = f.ix.rec[0];
		f.ix.rec[i].s[IXS_ID] = (uint32_t)i;
		f.ix.rec[i].nev = 0;
	}
	f.ix.nev = 0;
	release_packed(&f);
	pack(&f);
	assert_true(ZSTD_getFrameContentSize(f.z.buf + f.chunk[0].at, f.chunk[0].zrec) <
	    IX_CHUNK * sizeof(struct ix_rec) / 8);
	unpacks_whole(&f);
	release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unpacks_whole_to_what_was_packed),
		cmocka_unit_test(unpacks_chosen_chunks),
		cmocka_unit_test(unpacks_picked_records),
		cmocka_unit_test(chunks_name_their_newest_creation),
		cmocka_unit_test(unpacks_every_shape),
		cmocka_unit_test(damage_is_found),
		cmocka_unit_test(a_frame_unpacks_only_as_its_mask_says),
		cmocka_unit_test(planes_of_one_value_pack_to_little),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
