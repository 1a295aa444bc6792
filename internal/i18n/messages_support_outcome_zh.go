package i18n

// Messages for a troubleshooting session after its outcome, and the
// device registry's title for staff.
func init() {
	Add(ZH, map[string]string{
		"support.session.self_service_note": "上述步骤您可以自行完成。",
		"support.session.escalate_note":     "如果上述步骤无效,将由%s接手处理。",
		"support.session.ticket_opened":     "问题未解决,将由%s接手处理。已根据您的回答创建工单:",
		"support.devices.title_staff":       "设备登记",
	})
}
