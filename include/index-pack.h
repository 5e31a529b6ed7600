/*
 * index-pack.h — a month's index segment packed small (index.c's on-disk
 * form for large archive months).
 *
 * The records and their history events are cut into chunks of IX_CHUNK
 * records.  Each chunk is two zstd frames (with checksums): its records,
 * then its events, each laid out a byte of the struct at a time ("byte
 * shuffling": the high bytes of times and offsets, alike from one record
 * to the next, sit together; a plane of one value throughout is written
 * as that byte alone), times written as differences (a record's times
 * from its creation, an event's from the one before).  The string
 * table is cut into pieces of IX_PIECE bytes, a frame each.  So a reader
 * that wants a few records (a search, a week) unpacks only the chunks and
 * pieces they are in.
 */
#ifndef CSTK_INDEX_PACK_H
#define CSTK_INDEX_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "strbuf.h"

#define IX_CHUNK 1024		/* records in a chunk */
#define IX_PIECE 65536		/* bytes of strings in a piece */

struct ix_chunk {
	uint64_t at;		/* its records' frame, from the packed data's start */
	uint32_t zrec, zev;	/* the two frames' lengths (events follow records) */
	uint64_t ev;		/* its first event, in the whole segment */
	uint32_t nev;
	int32_t newest;		/* its latest creation, in hours since 1970
				 * (INT32_MAX: unknown; a bound, not checked) */
};

struct ix_piece {
	uint64_t at;
	uint32_t zlen, pad;
};

/* A packed segment as mapped. */
struct ix_packed {
	const struct ix_chunk *chunk;
	size_t nchunk;
	const struct ix_piece *piece;
	size_t npiece;
	const char *z;		/* the frames */
	size_t nz;
	size_t nrec, nev, nstr;	/* what they unpack to */
};

/* The tables as ix_pack() writes them, checked before anything is
 * unpacked: the chunks' events one after another (so each chunk writes
 * only its own), adding up to the segment's; the frames one after
 * another in table order, chunks then pieces, filling the data (a
 * frame's checksum says nothing of where it belongs: two swapped
 * entries are found here). */
int ix_pack_tables_ok(const struct ix_packed *p);

size_t ix_pack_nchunk(size_t nrec);
size_t ix_pack_npiece(size_t nstr);

/*
 * Pack `ix` (whole, in memory): the tables filled (ix_pack_nchunk() and
 * ix_pack_npiece() entries), the frames added to `z`.  -1 when zstd
 * fails (nothing then to save).
 */
int ix_pack(const struct index *ix, struct ix_chunk *chunk, struct ix_piece *piece,
    struct strbuf *z);

/*
 * Chunks which[0..n), on every core: the i-th one's records into
 * rec[i * IX_CHUNK …] (ix_pack_chunk_len() of them), their `ev` as in
 * the whole segment, and with `ev` non-NULL their events into `ev` after
 * the events of those before it.  With `pick` (a flag per record of the
 * segment), only the picked records and their events are written: the
 * others' places are left as they were (a chunk that picks a few lays
 * those out alone, without unshuffling the rest).  -1 when one is
 * damaged (a frame does not unpack to its length, or the records' event
 * counts do not add up to the chunk's).
 */
size_t ix_pack_chunk_len(const struct ix_packed *p, size_t c);
int ix_unpack_chunks(const struct ix_packed *p, const size_t *which, size_t n,
    const unsigned char *pick, struct ix_rec *rec, struct ix_event *ev);

/* Piece `i` of the string table into its place in `str` (p->nstr bytes);
 * -1 when damaged. */
int ix_unpack_piece(const struct ix_packed *p, size_t i, char *str);

/* Every piece of the string table, on every core, into `str` (p->nstr
 * bytes); -1 when any is damaged. */
int ix_unpack_strings(const struct ix_packed *p, char *str);

/* Every chunk and piece, on every core: rec, ev and str sized as the
 * segment says.  -1 when any is damaged. */
int ix_unpack_all(const struct ix_packed *p, struct ix_rec *rec, struct ix_event *ev,
    char *str);

#endif
