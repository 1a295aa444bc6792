package i18n

func init() {
	Add(ZH, map[string]string{
		"audit.action.api_token.create": "创建服务令牌",
		"audit.action.api_token.revoke": "吊销服务令牌",
		"apitoken.title":                "服务令牌",
		"apitoken.intro":                "供银行自有系统调用接口的服务器间凭证。令牌以创建它的管理员身份操作,且仅限此处勾选的权限范围;不再需要时请立即吊销。",
		"apitoken.token_once":           "请立即复制“%s”的令牌:它只显示这一次。",
		"apitoken.usage":                "每个请求都以请求头 Authorization: Bearer <令牌> 发送。",
		"apitoken.col.scopes":           "权限范围",
		"apitoken.col.hint":             "末四位",
		"apitoken.col.created":          "创建时间",
		"apitoken.col.last_used":        "最近使用",
		"apitoken.col.status":           "状态",
		"apitoken.col.provider":         "服务商",
		"apitoken.status.active":        "有效",
		"apitoken.status.revoked":       "已于 %s 吊销",
		"apitoken.revoke":               "吊销",
		"apitoken.none":                 "尚无服务令牌。",
		"apitoken.new":                  "新建服务令牌",
		"apitoken.create":               "创建令牌",
		"apitoken.provider_hint":        "仅在勾选 devices:checkin 时必填:令牌只能为此服务商的终端签到。",
		"apitoken.flash.revoked":        "令牌已吊销,立即失效。",

		"apitoken.scope.applications:read":  "读取进件申请及其材料、合同和预约",
		"apitoken.scope.applications:write": "释放已认领的申请、安排培训场次、登记签到",
		"apitoken.scope.catalog:read":       "读取终端、服务商和费率方案;计算费用报价",
		"apitoken.scope.catalog:write":      "新建费率方案",
		"apitoken.scope.devices:checkin":    "为某一服务商的终端签到(终端管理系统)",
		"apitoken.scope.tickets:read":       "读取售后工单和上门维修",
		"apitoken.scope.tickets:write":      "分派、评论和流转工单;预约上门维修",
		"apitoken.scope.webhooks:manage":    "管理 Webhook 端点及其投递",
		"apitoken.scope.insights:read":      "读取运营洞察",

		"apitoken.field.name":              "请输入不超过 80 个字符的名称。",
		"apitoken.field.scopes_required":   "请至少选择一个权限范围。",
		"apitoken.field.scope_unknown":     "未知的权限范围;可选:applications:read、applications:write、catalog:read、catalog:write、devices:checkin、tickets:read、tickets:write、webhooks:manage、insights:read。",
		"apitoken.field.provider_required": "devices:checkin 令牌须指定其签到终端所属的服务商。",
		"apitoken.field.provider_unused":   "只有 devices:checkin 令牌才可指定服务商。",
		"apitoken.field.provider_unknown":  "请选择已登记的服务商。",

		"apitoken.error.unauthenticated": "服务令牌无效或已吊销。",
		"apitoken.error.throttled":       "此地址的令牌认证失败次数过多,请稍后再试。",
		"apitoken.error.session_only":    "此接口须由登录用户调用,服务令牌不可使用。",
		"apitoken.error.scope":           "此服务令牌缺少权限范围 %s。",
	})
}
