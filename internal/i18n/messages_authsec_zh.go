package i18n

// Messages of login, registration and password hardening (issue 10).
func init() {
	Add(ZH, map[string]string{
		"field.password.guessable": "这个密码太容易被猜到:它是常见密码、简单规律(重复、连续、键盘排列、日期),或包含您的邮箱或姓名。请使用由几个不相关词语组成的更长短语。",
		"error.register_refused":   "无法使用这些信息创建账户。如果您已有账户,请直接登录。",
		"error.register_throttled": "您所在网络的注册次数过多,请稍后再试。",
		"error.auth_busy":          "当前正在验证的登录请求过多,请几秒钟后重试。",
	})
}
