/*
 * fuzz-pack.c — libFuzzer harness for a packed chunk's frames
 * (index-pack.h): the bytes are what a chunk's two frames unpack to,
 * compressed here so that the fuzzer writes their content, not zstd's
 * (whose checksums would stop it at the door).
 *
 *   byte 0: records in the chunk (1 to 48)
 *   byte 1: events the chunk's table says it holds (0 to 63)
 *   bytes 2, 3: the records' content's length (little-endian; at most
 *           what there is), the events' is the rest
 *   byte 4: which records are picked: below 128, record byte4 % n alone
 *           (a chunk of 16 or more gathers it alone); else every
 *           (byte4 % 8 + 1)-th from the first
 *   the rest: the two contents
 *
 * Oracle: nothing reads or writes out of bounds (ASan), and a chunk
 * unpacked for a few picked records agrees with the whole chunk
 * unpacked: both fail, or the picked records and their events are the
 * same.  Anything else is abort()ed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "index-pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, nev, nrec_z, split, bound, zr, ze, which[] = { 0 };
	unsigned char pick[48] = { 0 };
	struct ix_chunk chunk;
	struct ix_packed pk;
	struct ix_rec *all, *some;
	struct ix_event *eall, *esome;
	char *z;
	int ra, rs;

	if (size < 5)
		return 0;
	n = data[0] % 48 + 1;
	nev = data[1] % 64;
	split = (size_t)data[2] | (size_t)data[3] << 8;
	if (data[4] < 128)
		pick[data[4] % n] = 1;
	else
		for (size_t i = 0; i < n; i += (size_t)(data[4] % 8) + 1)
			pick[i] = 1;
	data += 5;
	size -= 5;
	if (split > size)
		split = size;
	bound = ZSTD_compressBound(split) + ZSTD_compressBound(size - split);
	z = xmalloc(bound);
	zr = ZSTD_compress(z, bound, data, split, 1);
	ze = ZSTD_isError(zr) ? zr : ZSTD_compress(z + zr, bound - zr, data + split, size - split, 1);
	if (ZSTD_isError(zr) || ZSTD_isError(ze))
		abort();
	nrec_z = zr;
	chunk = (struct ix_chunk){ 0, (uint32_t)nrec_z, (uint32_t)ze, 0, (uint32_t)nev, INT32_MAX };
	pk = (struct ix_packed){ &chunk, 1, NULL, 0, z, zr + ze, n, nev, 0 };
	all = xcalloc(IX_CHUNK, sizeof(*all));
	some = xcalloc(IX_CHUNK, sizeof(*some));
	eall = xcalloc(nev + 1, sizeof(*eall));
	esome = xcalloc(nev + 1, sizeof(*esome));
	ra = ix_unpack_chunks(&pk, which, 1, NULL, all, eall);
	rs = ix_unpack_chunks(&pk, which, 1, pick, some, esome);
	if (ra != rs) {
		fprintf(stderr, "whole: %d, picked: %d\n", ra, rs);
		abort();
	}
	for (size_t i = 0; ra == 0 && i < n; i++) {
		if (!pick[i])
			continue;
		if (memcmp(&all[i], &some[i], sizeof(all[i])) != 0 ||
		    (all[i].nev && memcmp(&eall[all[i].ev], &esome[all[i].ev],
		    all[i].nev * sizeof(*eall)) != 0)) {
			fprintf(stderr, "record %zu of %zu differs\n", i, n);
			abort();
		}
	}
	free(all);
	free(some);
	free(eall);
	free(esome);
	free(z);
	return 0;
}
