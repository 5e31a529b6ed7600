/*
 * csv-io.h — CSV output (SPEC §7): RFC 4180 quoting through libcsv, one
 * record a line ending in LF, and the formula guard: a cell whose first
 * character is = + - @, a tab or CR is written with a leading ' so a
 * spreadsheet shows it instead of running it.
 */
#ifndef CSTK_CSV_IO_H
#define CSTK_CSV_IO_H

#include "strbuf.h"

/* Append one field; `first` omits the separating comma. */
void csvio_field(struct strbuf *sb, const char *s, int first);
/* Append one TSV field: tabs and line breaks become spaces. */
void tsvio_field(struct strbuf *sb, const char *s, int first);
int csvio_needs_guard(const char *s);

#endif
