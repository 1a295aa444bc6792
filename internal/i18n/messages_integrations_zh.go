package i18n

func init() {
	Add(ZH, map[string]string{
		"error.idempotency_key_invalid": "Idempotency-Key 请求头须为 1 至 255 个可见 ASCII 字符。",
		"error.idempotency_key_reused":  "此 Idempotency-Key 已用于另一个请求；新的请求请使用新的键。",
		"error.idempotency_in_flight":   "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。",

		"apidocs.title":       "API 参考",
		"apidocs.intro":       "门户 /api/v1 下的 JSON API，由其 OpenAPI 3.1 文档生成。",
		"apidocs.download":    "下载 OpenAPI 文档（JSON）",
		"apidocs.auth":        "身份验证",
		"apidocs.errors":      "错误",
		"apidocs.idempotency": "幂等创建",
		"apidocs.operations":  "接口",
		"apidocs.schemas":     "数据结构",
		"apidocs.request":     "请求体",
		"apidocs.responses":   "响应",
		"apidocs.parameters":  "参数",
		"apidocs.example":     "示例",
		"apidocs.security":    "调用权限",
		"apidocs.public":      "任何人",
		"apidocs.field":       "字段",
		"apidocs.type":        "类型",
		"apidocs.required":    "必填",
		"apidocs.idempotent":  "支持 Idempotency-Key",
		"apidocs.link":        "API 参考",
	})
}
