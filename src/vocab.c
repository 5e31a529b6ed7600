/* vocab.c — the built-in values and the lists in force; see vocab.h. */
#include <string.h>
#include <strings.h>

#include "vocab.h"

#define A(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define DEF(id, nm, sec, table) \
	[id] = { nm, sec, table, (int)(sizeof(table) / sizeof(table[0])) }

static const struct enum_value status_v[] = {
	{ "intake", "受理", A("待分类", "待分類") },
	{ "classified", "已分类", A("已分類") },
	{ "assigned", "处理中", A("已分派", "處理中") },
	{ "resolved", "已解决", A("待确认", "已解決", "待確認") },
	{ "follow-up", "待回访", A("回访", "待回訪", "回訪") },
	{ "archived", "已归档", A("归档", "已歸檔", "歸檔") },
};
static const struct enum_value outcome_v[] = {
	{ "resolved", "已解决", A("已解決") },
	{ "rejected", "已驳回", A("驳回", "已駁回", "駁回") },
	{ "unconfirmed", "未确认", A("未確認") },
};
static const struct enum_value priority_v[] = {
	{ "urgent", "紧急", A("緊急") },
	{ "normal", "一般", A("普通") },
	{ "low", "低优先级", A("低", "低優先級") },
};
static const struct enum_value category_v[] = {
	{ "inquiry", "咨询", A("諮詢") },
	{ "complaint", "投诉", A("投訴") },
	{ "after-sales", "售后", A("售後") },
	{ "request", "需求", NULL },
};
static const struct enum_value channel_v[] = {
	{ "phone", "电话", A("電話") },
	{ "chat", "在线", A("在线客服", "聊天", "線上", "線上客服") },
	{ "email", "邮件", A("电子邮件", "邮箱", "郵件", "電子郵件", "郵箱") },
	{ "web", "网页", A("网站", "網頁", "網站") },
	{ "app", "应用", A("APP", "應用") },
	{ "social", "社交媒体", A("微博", "微信", "社交媒體") },
	{ "walk-in", "到店", A("门店", "門店") },
	{ "other", "其他", NULL },
};
static const struct enum_value tier_v[] = {
	{ "new", "新客户", A("新客戶") },
	{ "regular", "老客户", A("老客戶") },
	{ "vip", "VIP", A("会员", "VIP/会员", "VIP客户", "會員", "VIP客戶") },
};
static const struct enum_value responsibility_v[] = {
	{ "customer", "客户", A("客戶") },
	{ "merchant", "商家", NULL },
	{ "logistics", "物流", NULL },
	{ "platform", "平台", A("平臺") },
	{ "third-party", "第三方", NULL },
};
static const struct enum_value satisfaction_v[] = {
	{ "satisfied", "满意", A("滿意") },
	{ "neutral", "一般", NULL },
	{ "unsatisfied", "不满意", A("不滿意") },
};

static const struct enum_def builtin[V_COUNT] = {
	DEF(V_STATUS, "status", NULL, status_v),
	DEF(V_OUTCOME, "outcome", NULL, outcome_v),
	DEF(V_PRIORITY, "priority", "priorities", priority_v),
	DEF(V_CATEGORY, "category", "categories", category_v),
	DEF(V_CHANNEL, "channel", "channels", channel_v),
	DEF(V_TIER, "tier", "tiers", tier_v),
	/* No modules by default: module is free text until the team lists them. */
	[V_MODULE] = { "module", "modules", NULL, 0, 1 },
	DEF(V_RESPONSIBILITY, "responsibility", "responsibilities", responsibility_v),
	DEF(V_SATISFACTION, "satisfaction", "satisfaction", satisfaction_v),
};

static const struct enum_def *in_force;	/* V_COUNT lists, or NULL */
static int show_labels;

const struct enum_def *
vocab_builtin(enum vocab_id id)
{
	return &builtin[id];
}

const struct enum_def *
vocab(enum vocab_id id)
{
	return in_force ? &in_force[id] : &builtin[id];
}

void
vocab_use(const struct enum_def *defs)
{
	in_force = defs;
}

uint64_t
vocab_fingerprint(void)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (int id = 0; id < V_COUNT; id++) {
		const struct enum_def *e = vocab((enum vocab_id)id);
		for (int i = 0; i < e->n; i++) {
			for (const char *s = e->v[i].key; *s; s++)
				h = (h ^ (unsigned char)*s) * 1099511628211ull;
			h = (h ^ 0xff) * 1099511628211ull;
		}
		h = (h ^ 0xfe) * 1099511628211ull;
	}
	return h;
}

int
enum_lookup(const struct enum_def *e, const char *in)
{
	if (in == NULL)
		return -1;
	for (int i = 0; i < e->n; i++)
		if (strcasecmp(in, e->v[i].key) == 0)
			return i;
	for (int i = 0; i < e->n; i++) {
		if (e->v[i].label && strcasecmp(in, e->v[i].label) == 0)
			return i;
		for (int j = 0; e->v[i].aliases && e->v[i].aliases[j]; j++)
			if (strcasecmp(in, e->v[i].aliases[j]) == 0)
				return i;
	}
	return -1;
}

const char *
enum_parse(const struct enum_def *e, const char *in)
{
	int i = enum_lookup(e, in);
	return i < 0 ? NULL : e->v[i].key;
}

const char *
vocab_key(enum vocab_id id, int i)
{
	const struct enum_def *e = vocab(id);
	return i >= 0 && i < e->n ? e->v[i].key : NULL;
}

const char *
enum_label(const struct enum_def *e, const char *key)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(key, e->v[i].key) == 0)
			return e->v[i].label ? e->v[i].label : key;
	return key;
}

void
enum_describe(const struct enum_def *e, struct strbuf *out)
{
	for (int i = 0; i < e->n; i++) {
		sb_addf(out, "%s%s", i ? ", " : "", e->v[i].key);
		if (e->v[i].label && strcmp(e->v[i].label, e->v[i].key) != 0)
			sb_addf(out, " (%s)", e->v[i].label);
	}
}

void
vocab_show_labels(int on)
{
	show_labels = on;
}

int
vocab_labels_shown(void)
{
	return show_labels;
}

const char *
vocab_show(enum vocab_id id, const char *key)
{
	return key && show_labels ? enum_label(vocab(id), key) : key;
}

const char *
vocab_show_at(enum vocab_id id, int i, const char *none)
{
	const char *key = vocab_key(id, i);
	return key ? vocab_show(id, key) : none;
}
