/*
 * mask.h — hide personal data in output (SPEC §5 Privacy).
 *
 *   name  王丽        → 王**          (first character, then two stars)
 *   phone 13856781234 → 138****1234   (first 3 and last 4 digits kept)
 *   email wang@x.com  → w***@x.com
 *
 * The mask has a fixed length, so it does not tell how long the value is.
 */
#ifndef CSTK_MASK_H
#define CSTK_MASK_H

#include "strbuf.h"
#include "ticket.h"
#include "ynode.h"

void mask_name(const char *s, struct strbuf *out);
void mask_phone(const char *s, struct strbuf *out);
void mask_email(const char *s, struct strbuf *out);
/* The masked form of a field's value (copied as is if not personal). */
void mask_field(enum field_id f, const char *s, struct strbuf *out);
/* A field's value as output shows it: nothing for "", as is with
 * --reveal, else masked. */
void mask_shown(enum field_id f, const char *s, int reveal, struct strbuf *out);
/*
 * The field whose value a history entry's `k` holds
 * (ticket_history_value_key), when it is a personal one: `update --set
 * customer.phone=…` keeps the new value and the one it replaced beside
 * "key".  NULL for any other key or field.
 */
const struct field *mask_history_field(const struct ynode *entry, const char *k);
/* Mask every personal field of a ticket tree in place, its history too. */
void mask_tree(struct ynode *root);

#endif
