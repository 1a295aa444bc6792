package i18n

// Messages of the application journeys: cross-field rules where they
// happen, answering a reviewer's request, per-document fix hints.
func init() {
	Add(EN, map[string]string{
		"holder_name.mismatch_legal":                             "The account holder must be exactly the merchant's legal name (enterprise) entered on the business step.",
		"holder_name.mismatch_operator":                          "The account holder must be exactly the operator's name entered on the people step (individual business, micro merchant).",
		"application.uscc.required_for_type":                     "Enterprises and individual businesses must enter the USCC from their business licence; only micro merchants leave it empty.",
		"application.request_open":                               "The reviewer's request is not answered yet:",
		"resubmission.field_unchanged":                           "The reviewer asked you to correct this, but it is unchanged. Correct it, or explain in your reply why it is right.",
		"resubmission.document_not_replaced":                     "The reviewer asked for a new file, but none was uploaded since. Upload it, or explain in your reply.",
		"resubmission.reply_or_fix":                              "Fix each item the reviewer asked about, or write here why it is already right.",
		"application.requested_tag":                              "Reviewer asked to fix",
		"application.requested_doc_tag":                          "Reviewer asked for a new file",
		"application.request_banner":                             "The reviewer asked for more information:",
		"application.reply":                                      "Your reply to the reviewer (optional)",
		"application.reply_hint":                                 "If you think something the reviewer asked about is already correct, explain it here; the reviewer sees your reply with the resubmission.",
		"review.changes.reply":                                   "The merchant's reply:",
		"flash.application_already_submitted":                    "This application has already been submitted; it was not sent twice.",
		"dashboard.merchant.applications":                        "Your applications",
		"dashboard.merchant.stage":                               "Stage:",
		"dashboard.merchant.start_another":                       "Start another application",
		"doc_hint.storefront_photo.document_illegible":           "Photograph the shop front again in daylight from across the street, with the whole signboard and the entrance in the picture and the shop name readable.",
		"doc_hint.storefront_photo.information_mismatch":         "The signboard must show the shop name you entered; photograph the front of the shop at the address in the application.",
		"doc_hint.premises_proof.document_illegible":             "Scan or photograph every page of the lease or property certificate flat, with the address and dates readable.",
		"doc_hint.premises_proof.information_mismatch":           "The lease or property certificate must be for the business address in the application.",
		"doc_hint.business_license.document_illegible":           "Photograph the whole business licence flat, with the USCC, name and seal readable and no glare.",
		"doc_hint.business_license.information_mismatch":         "The name and USCC on the business licence must match what you entered exactly.",
		"doc_hint.tax_registration.document_illegible":           "Photograph the whole tax registration certificate flat, with the text readable and no glare.",
		"doc_hint.settlement_account_proof.document_illegible":   "Upload the bank's account opening confirmation or a card photo with the account number, holder and bank readable.",
		"doc_hint.settlement_account_proof.information_mismatch": "The holder and account number on the proof must match the settlement account you entered.",
		"contract.plan_offers":                                   "The plan %[2]s does not offer %[1]s. It offers: %[3]s. Choose one of these models, or another plan.",
		"contract.page.view_signed":                              "View the signed contract",
	})
}
