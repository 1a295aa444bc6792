// Package onboarding owns the merchant application (SPEC §2): its fields
// and their rules, documents, and the review state machine. Web and API
// handlers call Service methods; every state change goes through
// Service.transition, one conditional update plus history and audit rows
// in one transaction.
package onboarding

import (
	"database/sql"
	"encoding/json"
	"time"
)

// Status is an application's place in the lifecycle.
type Status string

// The statuses of §2.3.
const (
	Draft                 Status = "draft"
	Submitted             Status = "submitted"
	InReview              Status = "in_review"
	InfoRequested         Status = "info_requested"
	Rejected              Status = "rejected"
	Withdrawn             Status = "withdrawn"
	Approved              Status = "approved"
	ContractSigned        Status = "contract_signed"
	InstallationScheduled Status = "installation_scheduled"
	Installed             Status = "installed"
	Active                Status = "active"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{Draft, Submitted, InReview, InfoRequested, Approved, Rejected, Withdrawn,
	ContractSigned, InstallationScheduled, Installed, Active}

// MerchantType decides required fields and documents.
type MerchantType string

// The merchant types of §2.1.
const (
	Enterprise         MerchantType = "enterprise"
	IndividualBusiness MerchantType = "individual_business"
	Micro              MerchantType = "micro"
)

// MerchantTypes lists every merchant type.
var MerchantTypes = []MerchantType{Enterprise, IndividualBusiness, Micro}

// MCCGroups are the business categories of §11.
var MCCGroups = []string{"retail", "catering", "hospitality", "services", "wholesale", "education",
	"healthcare", "transport", "entertainment", "jewelry", "other"}

// Channels are the payment channels of a channel mix (§11).
var Channels = []string{"debit_card", "credit_card", "wechat_pay", "alipay", "unionpay_qr", "contactless", "foreign_card"}

// Application is a merchant's application. The resident ID number and the
// settlement account number are never held in clear here: each is stored
// as AES-GCM ciphertext, a keyed hash (to compare without decrypting) and
// its masked form; Service decrypts them only for the audited staff view,
// the merchant's own edit form and the contract.
type Application struct {
	ID                       int64         `db:"id"`
	MerchantID               int64         `db:"merchant_id"`
	Status                   Status        `db:"status"`
	MerchantType             MerchantType  `db:"merchant_type"`
	LegalName                string        `db:"legal_name"`
	ShopName                 string        `db:"shop_name"`
	USCC                     string        `db:"uscc"`
	MCCGroup                 string        `db:"mcc_group"`
	Province                 string        `db:"province"`
	City                     string        `db:"city"`
	District                 string        `db:"district"`
	Address                  string        `db:"address"`
	LegalRepName             string        `db:"legal_rep_name"`
	LegalRepIDEnc            string        `db:"legal_rep_id_enc"`
	LegalRepIDHash           string        `db:"legal_rep_id_hash"`
	LegalRepIDMasked         string        `db:"legal_rep_id_masked"`
	ContactMobile            string        `db:"contact_mobile"`
	ContactEmail             string        `db:"contact_email"`
	SettlementBank           string        `db:"settlement_bank"`
	SettlementAccountType    string        `db:"settlement_account_type"`
	SettlementAccountName    string        `db:"settlement_account_name"`
	SettlementAccountEnc     string        `db:"settlement_account_enc"`
	SettlementAccountHash    string        `db:"settlement_account_hash"`
	SettlementAccountMasked  string        `db:"settlement_account_masked"`
	ExpectedMonthlyVolumeFen int64         `db:"expected_monthly_volume_fen"`
	AverageTicketFen         int64         `db:"average_ticket_fen"`
	ChannelMixJSON           string        `db:"channel_mix"`
	TerminalCount            int64         `db:"terminal_count"`
	HighRisk                 bool          `db:"high_risk"`
	ClaimedBy                sql.NullInt64 `db:"claimed_by"`
	ClaimedAt                *time.Time    `db:"claimed_at"`
	CreatedAt                time.Time     `db:"created_at"`
	UpdatedAt                time.Time     `db:"updated_at"`
	SubmittedAt              *time.Time    `db:"submitted_at"`
	DecidedAt                *time.Time    `db:"decided_at"`
}

// ChannelMix returns the share of each channel in percent.
func (a Application) ChannelMix() map[string]int {
	mix := map[string]int{}
	_ = json.Unmarshal([]byte(a.ChannelMixJSON), &mix)
	return mix
}

// Claimer is the reviewer holding the application, 0 when none.
func (a Application) Claimer() int64 {
	if a.ClaimedBy.Valid {
		return a.ClaimedBy.Int64
	}
	return 0
}

const applicationColumns = `id, merchant_id, status, merchant_type, legal_name, shop_name, uscc, mcc_group,
	province, city, district, address, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash, legal_rep_id_masked,
	contact_mobile, contact_email, settlement_bank, settlement_account_type, settlement_account_name,
	settlement_account_enc, settlement_account_hash, settlement_account_masked, expected_monthly_volume_fen, average_ticket_fen, channel_mix, terminal_count,
	high_risk, claimed_by, claimed_at, created_at, updated_at, submitted_at, decided_at`

// MaskAccount shows only the last 4 digits of an account number (§16).
func MaskAccount(n string) string {
	if len(n) <= 4 {
		return "****"
	}
	return "****" + n[len(n)-4:]
}

// MaskID shows the first 3 and last 4 characters of a resident ID number.
func MaskID(id string) string {
	if len(id) < 8 {
		return "****"
	}
	return id[:3] + "***********" + id[len(id)-4:]
}
