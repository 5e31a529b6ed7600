/*
 * json.h — JSON output.  Strings are escaped per RFC 8259 and stay UTF-8;
 * a ticket is written with the same structure as its file, its integer
 * fields as numbers and everything else as strings.
 */
#ifndef CSTK_JSON_H
#define CSTK_JSON_H

#include "strbuf.h"
#include "ynode.h"

void json_str(struct strbuf *sb, const char *s);
/* A ticket tree as one JSON object (no newline). */
void json_ticket(struct strbuf *sb, const struct ynode *root);
/* What JSON has for a value YAML reads plain: the number, true or false
 * as written, "null" for a null (null, Null, NULL, ~ or nothing); NULL
 * when it is a string. */
const char *json_plain_literal(const char *s);

#endif
