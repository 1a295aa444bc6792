package i18n

// Messages of the application journeys: cross-field rules where they
// happen, answering a reviewer's request, per-document fix hints.
func init() {
	Add(ZH, map[string]string{
		"holder_name.mismatch_legal":                             "户名须与“商户信息”一步填写的商户名称(企业)完全一致。",
		"holder_name.mismatch_operator":                          "户名须与“人员信息”一步填写的经营者姓名(个体工商户、小微商户)完全一致。",
		"application.uscc.required_for_type":                     "企业和个体工商户须填写营业执照上的统一社会信用代码;只有小微商户可以不填。",
		"application.request_open":                               "审核员的要求还没有答复:",
		"resubmission.field_unchanged":                           "审核员要求修改此项,但它没有变化。请修改,或在答复中说明为什么无需修改。",
		"resubmission.document_not_replaced":                     "审核员要求重新上传此材料,但之后没有上传新文件。请上传,或在答复中说明。",
		"resubmission.reply_or_fix":                              "请逐项按审核员的要求修改,或在此说明为什么无需修改。",
		"application.requested_tag":                              "审核员要求修改",
		"application.requested_doc_tag":                          "审核员要求重新上传",
		"application.request_banner":                             "审核员要求补充材料:",
		"application.reply":                                      "给审核员的答复(选填)",
		"application.reply_hint":                                 "如果您认为审核员指出的内容本来就正确,请在此说明;审核员会随重新提交的申请看到您的答复。",
		"review.changes.reply":                                   "商户的答复:",
		"flash.application_already_submitted":                    "该申请已经提交过,不会重复提交。",
		"dashboard.merchant.applications":                        "您的申请",
		"dashboard.merchant.stage":                               "所处阶段:",
		"dashboard.merchant.start_another":                       "再开始一份申请",
		"doc_hint.storefront_photo.document_illegible":           "请在白天从街对面重新拍摄门头:完整拍到店招和入口,店名清晰可辨。",
		"doc_hint.storefront_photo.information_mismatch":         "店招上的店名须与您填写的店铺名称一致;请拍摄申请地址处的店铺门头。",
		"doc_hint.premises_proof.document_illegible":             "请将租赁合同或房产证每一页平整扫描或拍摄,地址和日期清晰可辨。",
		"doc_hint.premises_proof.information_mismatch":           "租赁合同或房产证上的地址须与申请中的经营地址一致。",
		"doc_hint.business_license.document_illegible":           "请平整拍摄完整的营业执照:统一社会信用代码、名称和印章清晰,无反光。",
		"doc_hint.business_license.information_mismatch":         "营业执照上的名称和统一社会信用代码须与您填写的完全一致。",
		"doc_hint.tax_registration.document_illegible":           "请平整拍摄完整的税务登记证,文字清晰,无反光。",
		"doc_hint.settlement_account_proof.document_illegible":   "请上传开户许可证/开户回单,或银行卡照片,账号、户名和开户行清晰可辨。",
		"doc_hint.settlement_account_proof.information_mismatch": "证明上的户名和账号须与您填写的结算账户一致。",
		"contract.plan_offers":                                   "费率方案 %[2]s 不提供 %[1]s。该方案可选的机型:%[3]s。请改选其中的机型,或换一个方案。",
		"contract.page.view_signed":                              "查看已签署的合同",
	})
}
