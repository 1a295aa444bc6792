package i18n

func init() {
	Add(ZH, map[string]string{
		"error.bad_encoding":      "请求中含有无效的 UTF-8 文本或 NUL 字符。",
		"error.malformed_form":    "表单提交格式有误。",
		"error.json_content_type": "发送 JSON 时请使用请求头 Content-Type: application/json。",
		"error.slow_body":         "上传速度过慢，已中止；请在网络较好时重试。",
		"catalog.csv.encoding":    "此行不是有效的 UTF-8 文本；请将文件另存为“CSV UTF-8”后重新导入。",
	})
}
