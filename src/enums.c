/* enums.c — value tables with Chinese aliases; see enums.h. */
#include <string.h>
#include <strings.h>

#include "enums.h"

#define DEF(var, label, table) \
	const struct enum_def var = { label, table, (int)(sizeof(table) / sizeof(table[0])) }

static const struct enum_value status_v[] = {
	{ "intake", { "受理", "待分类", NULL } },
	{ "classified", { "已分类", NULL } },
	{ "assigned", { "处理中", "已分派", NULL } },
	{ "resolved", { "已解决", "待确认", NULL } },
	{ "follow-up", { "待回访", "回访", NULL } },
	{ "archived", { "已归档", "归档", NULL } },
};
static const struct enum_value category_v[] = {
	{ "inquiry", { "咨询", NULL } },
	{ "complaint", { "投诉", NULL } },
	{ "after-sales", { "售后", NULL } },
	{ "request", { "需求", NULL } },
};
static const struct enum_value priority_v[] = {
	{ "urgent", { "紧急", NULL } },
	{ "normal", { "一般", "普通", NULL } },
	{ "low", { "低优先级", "低", NULL } },
};
static const struct enum_value satisfaction_v[] = {
	{ "satisfied", { "满意", NULL } },
	{ "neutral", { "一般", NULL } },
	{ "unsatisfied", { "不满意", NULL } },
};
static const struct enum_value tier_v[] = {
	{ "new", { "新客户", NULL } },
	{ "regular", { "老客户", NULL } },
	{ "vip", { "VIP", "会员", "VIP/会员", NULL } },
};
static const struct enum_value channel_v[] = {
	{ "phone", { "电话", NULL } },
	{ "chat", { "在线", "聊天", "在线客服", NULL } },
	{ "email", { "邮件", "电子邮件", "邮箱", NULL } },
	{ "web", { "网页", "网站", NULL } },
	{ "app", { "应用", "APP", NULL } },
	{ "social", { "社交媒体", "微博", "微信", NULL } },
	{ "walk-in", { "到店", "门店", NULL } },
	{ "other", { "其他", NULL } },
};
static const struct enum_value responsibility_v[] = {
	{ "customer", { "客户", NULL } },
	{ "merchant", { "商家", NULL } },
	{ "logistics", { "物流", NULL } },
	{ "platform", { "平台", NULL } },
	{ "third-party", { "第三方", NULL } },
};
static const struct enum_value outcome_v[] = {
	{ "resolved", { "已解决", NULL } },
	{ "rejected", { "已驳回", "驳回", NULL } },
};

DEF(enum_status, "status", status_v);
DEF(enum_category, "category", category_v);
DEF(enum_priority, "priority", priority_v);
DEF(enum_satisfaction, "satisfaction", satisfaction_v);
DEF(enum_tier, "tier", tier_v);
DEF(enum_channel, "channel", channel_v);
DEF(enum_responsibility, "responsibility", responsibility_v);
DEF(enum_outcome, "outcome", outcome_v);

int
enum_lookup(const struct enum_def *e, const char *in)
{
	if (in == NULL)
		return -1;
	for (int i = 0; i < e->n; i++) {
		if (strcasecmp(in, e->v[i].en) == 0)
			return i;
		for (int j = 0; e->v[i].zh[j]; j++)
			if (strcasecmp(in, e->v[i].zh[j]) == 0)
				return i;
	}
	return -1;
}

const char *
enum_parse(const struct enum_def *e, const char *in)
{
	int i = enum_lookup(e, in);
	return i < 0 ? NULL : e->v[i].en;
}

const char *
enum_zh(const struct enum_def *e, const char *en)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(en, e->v[i].en) == 0)
			return e->v[i].zh[0];
	return en;
}

void
enum_describe(const struct enum_def *e, struct strbuf *out)
{
	for (int i = 0; i < e->n; i++)
		sb_addf(out, "%s%s (%s)", i ? ", " : "", e->v[i].en, e->v[i].zh[0]);
}
