package onboarding

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/pdf"
	"posportal/internal/shanghai"
	"posportal/onboarding/validate"
)

// ContractCatalog is what a contract needs from the catalog.
type ContractCatalog interface {
	Plan(ctx context.Context, id int64) (catalog.Plan, error)
	Model(ctx context.Context, id int64) (catalog.Model, error)
}

// Contracts generates, shows and e-signs the contract of an approved
// application (§2.4). The PDF a merchant reads is stored once; signing
// records the SHA-256 of exactly those bytes, and a signed contract can
// neither change nor be deleted (a database trigger refuses it too).
type Contracts struct {
	onb  *Service
	cat  ContractCatalog
	font *pdf.Font
}

// NewContracts returns the contract use cases.
func NewContracts(onb *Service, cat ContractCatalog, font *pdf.Font) *Contracts {
	return &Contracts{onb: onb, cat: cat, font: font}
}

// ContractTerminal is one line of terminals in a contract request (§11).
type ContractTerminal struct {
	ModelID     int64  `json:"model_id"`
	Quantity    int64  `json:"quantity"`
	Acquisition string `json:"acquisition"`
}

// ContractRequest is the merchant's choice (§11).
type ContractRequest struct {
	FeePlanID int64              `json:"fee_plan_id"`
	Terminals []ContractTerminal `json:"terminals"`
}

// ContractTermsTerminal is a priced line as the contract states it.
type ContractTermsTerminal struct {
	ModelID     int64  `json:"model_id"`
	Brand       string `json:"brand"`
	Name        string `json:"name"`
	Quantity    int64  `json:"quantity"`
	Acquisition string `json:"acquisition"`
	// UnitFen is the purchase price, or the monthly rental per terminal.
	UnitFen  int64 `json:"unit_fen"`
	TotalFen int64 `json:"total_fen"`
}

// ContractTerms are the agreed terms, frozen into the contract.
type ContractTerms struct {
	Plan       fees.Plan               `json:"plan"`
	Terminals  []ContractTermsTerminal `json:"terminals"`
	TermMonths int                     `json:"term_months"`
}

// Contract is a generated (and perhaps signed) contract.
type Contract struct {
	ID            int64      `db:"id" json:"id"`
	ApplicationID int64      `db:"application_id" json:"application_id"`
	MerchantID    int64      `db:"merchant_id" json:"-"`
	Number        string     `db:"number" json:"number"`
	FeePlanID     int64      `db:"fee_plan_id" json:"fee_plan_id"`
	TermsJSON     string     `db:"terms" json:"-"`
	Lang          string     `db:"lang" json:"lang"`
	PDFKey        string     `db:"pdf_key" json:"-"`
	SHA256        string     `db:"sha256" json:"sha256"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
	SignerName    string     `db:"signer_name" json:"signer_name,omitempty"`
	SignerIP      string     `db:"signer_ip" json:"-"`
	SignerAgent   string     `db:"signer_agent" json:"-"`
	SignedSHA256  string     `db:"signed_sha256" json:"signed_sha256,omitempty"`
	SignedAt      *time.Time `db:"signed_at" json:"signed_at,omitempty"`
}

// Status is "signed" once signed, "awaiting_signature" before.
func (c Contract) Status() string {
	if c.SignedAt != nil {
		return "signed"
	}
	return "awaiting_signature"
}

// Terms decodes the frozen terms.
func (c Contract) Terms() ContractTerms {
	var t ContractTerms
	_ = json.Unmarshal([]byte(c.TermsJSON), &t)
	return t
}

const contractColumns = `id, application_id, merchant_id, number, fee_plan_id, terms, lang, pdf_key, sha256, created_at,
	signer_name, signer_ip, signer_agent, signed_sha256, signed_at`

// DefaultTermMonths is the contract term when nothing else is agreed.
const DefaultTermMonths = 12

// Generate prices the merchant's choice and renders the contract in lang.
// Until it is signed, choosing again replaces it in place (same id and
// number). An application has one contract, however many generations run
// at once: asking again for what the current contract already says answers
// that contract (created false); a generation that lost a race to another
// one answers the winner when both asked the same, else a 409.
func (c *Contracts) Generate(ctx context.Context, actor auth.User, appID int64, req ContractRequest, lang, ip string) (ct Contract, created bool, err error) {
	a, err := c.onb.Get(ctx, actor, appID)
	if err != nil {
		return Contract{}, false, err
	}
	if actor.Role != auth.Merchant {
		return Contract{}, false, apperr.ErrForbidden
	}
	if a.Status != Approved {
		return Contract{}, false, &apperr.Error{Code: apperr.Conflict, Key: "contract.not_approved"}
	}
	terms, err := c.price(ctx, req)
	if err != nil {
		return Contract{}, false, err
	}
	termsJSON, _ := json.Marshal(terms)
	want := Contract{FeePlanID: req.FeePlanID, TermsJSON: string(termsJSON), Lang: lang}
	// What the contract is now decides how it may change: the conditional
	// write below fails if anyone changed it since this read.
	prev, err := contractOf(ctx, c.onb.db, a.ID)
	switch {
	case err == nil && prev.SignedAt != nil:
		return Contract{}, false, &apperr.Error{Code: apperr.Conflict, Key: "contract.already_signed"}
	case err == nil && prev.sameChoice(want):
		return prev, false, nil
	case err != nil && !errors.Is(err, apperr.ErrNotFound):
		return Contract{}, false, err
	}
	exists := err == nil

	account, err := c.onb.accountNumber(a)
	if err != nil {
		return Contract{}, false, err
	}
	now := c.onb.now().UTC().Truncate(time.Second)
	number := fmt.Sprintf("POS-%s-%06d", now.In(shanghai.Location).Format("2006"), a.ID)
	if exists {
		number = prev.Number
	}
	doc, err := renderContract(c.font, lang, number, a, account, terms, now)
	if err != nil {
		return Contract{}, false, err
	}
	sum := sha256.Sum256(doc)
	obj, err := c.onb.blobs.Put(ctx, bytesReader(doc), int64(len(doc))+1)
	if err != nil {
		return Contract{}, false, err
	}
	ct = Contract{ApplicationID: a.ID, MerchantID: a.MerchantID, Number: number, FeePlanID: req.FeePlanID,
		TermsJSON: want.TermsJSON, Lang: lang, PDFKey: obj.Key, SHA256: hex.EncodeToString(sum[:]), CreatedAt: now}
	errLost := &apperr.Error{Code: apperr.Conflict, Key: "contract.changed_meanwhile"}
	err = c.onb.db.InTx(ctx, func(tx *db.Tx) error {
		if exists {
			ct.ID = prev.ID
			// Every generation stores its PDF under a new random key, so
			// prev.PDFKey is the version read above: after any other
			// generation it matches no row.
			res, err := tx.Exec(ctx, `UPDATE contracts SET fee_plan_id = ?, terms = ?, lang = ?, pdf_key = ?, sha256 = ?, created_at = ?
				WHERE id = ? AND pdf_key = ? AND signed_at IS NULL`,
				ct.FeePlanID, ct.TermsJSON, ct.Lang, ct.PDFKey, ct.SHA256, ct.CreatedAt, prev.ID, prev.PDFKey)
			if err != nil {
				return fmt.Errorf("replace contract: %w", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errLost
			}
		} else {
			// contracts.application_id is unique: of concurrent first
			// generations one inserts, the others fail here.
			err := tx.Get(ctx, &ct.ID, `INSERT INTO contracts (application_id, merchant_id, number, fee_plan_id, terms, lang, pdf_key, sha256, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				ct.ApplicationID, ct.MerchantID, ct.Number, ct.FeePlanID, ct.TermsJSON, ct.Lang, ct.PDFKey, ct.SHA256, ct.CreatedAt)
			if db.IsUniqueViolation(err) {
				return errLost
			}
			if err != nil {
				return fmt.Errorf("insert contract: %w", err)
			}
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "contract.generate", EntityType: "contract",
			EntityID: &ct.ID, MerchantID: &a.MerchantID, IP: ip, Detail: map[string]any{"sha256": ct.SHA256, "number": number}})
	})
	if err != nil {
		_ = obj.Discard(ctx, c.onb.blobs)
		if err != errLost {
			return Contract{}, false, err
		}
		cur, rerr := contractOf(ctx, c.onb.db, a.ID)
		if rerr == nil && cur.SignedAt == nil && cur.sameChoice(want) {
			return cur, false, nil
		}
		return Contract{}, false, err
	}
	if exists {
		_ = c.onb.blobs.Delete(ctx, prev.PDFKey)
	}
	return ct, true, nil
}

// sameChoice reports whether c already states the plan, terms and language
// of w, so generating w again would change nothing.
func (c Contract) sameChoice(w Contract) bool {
	return c.FeePlanID == w.FeePlanID && c.TermsJSON == w.TermsJSON && c.Lang == w.Lang
}

// price checks the request against the catalog and freezes the prices.
func (c *Contracts) price(ctx context.Context, req ContractRequest) (ContractTerms, error) {
	errs := map[string]string{}
	plan, err := c.cat.Plan(ctx, req.FeePlanID)
	if apperr.CodeOf(err) == apperr.NotFound {
		errs["fee_plan_id"] = "contract.plan_unknown"
	} else if err != nil {
		return ContractTerms{}, err
	}
	if len(req.Terminals) == 0 {
		errs["terminals"] = "contract.terminals_required"
	}
	t := ContractTerms{Plan: plan.Plan, TermMonths: DefaultTermMonths}
	var notOffered []string
	for i, line := range req.Terminals {
		field := fmt.Sprintf("terminals[%d]", i)
		if line.Quantity < 1 || line.Quantity > 50 {
			errs[field+".quantity"] = "application.terminal_count.range"
		}
		if line.Acquisition != "purchase" && line.Acquisition != "rental" {
			errs[field+".acquisition"] = "contract.acquisition_invalid"
		}
		m, err := c.cat.Model(ctx, line.ModelID)
		if apperr.CodeOf(err) == apperr.NotFound {
			errs[field+".model_id"] = "contract.model_unknown"
			continue
		} else if err != nil {
			return ContractTerms{}, err
		}
		var price *fees.TerminalPrice
		for j := range plan.TerminalPrices {
			if plan.TerminalPrices[j].ModelID == m.ID {
				price = &plan.TerminalPrices[j]
			}
		}
		if price == nil && errs["fee_plan_id"] == "" {
			errs[field+".model_id"] = "contract.model_not_offered"
			notOffered = append(notOffered, m.BrandName+" "+m.Name)
			continue
		}
		row := ContractTermsTerminal{ModelID: m.ID, Brand: m.BrandName, Name: m.Name, Quantity: line.Quantity, Acquisition: line.Acquisition}
		if price != nil {
			row.UnitFen = price.PurchaseFen
			if line.Acquisition == "rental" {
				row.UnitFen = price.MonthlyRentalFen
			}
		}
		row.TotalFen = row.UnitFen * line.Quantity
		t.Terminals = append(t.Terminals, row)
	}
	if len(notOffered) > 0 {
		offered, err := c.offeredModels(ctx, plan.Plan)
		if err != nil {
			return ContractTerms{}, err
		}
		// Say which combinations work, not only that this one does not.
		return ContractTerms{}, &apperr.Error{Code: apperr.Validation, Key: "contract.plan_offers", Fields: errs,
			Args: []any{strings.Join(notOffered, ", "), plan.Provider + " · " + plan.Name, strings.Join(offered, ", ")}}
	}
	if len(errs) > 0 {
		return ContractTerms{}, apperr.Fields(errs)
	}
	return t, nil
}

// offeredModels names the terminal models plan prices, in its order.
func (c *Contracts) offeredModels(ctx context.Context, plan fees.Plan) ([]string, error) {
	names := make([]string, 0, len(plan.TerminalPrices))
	for _, tp := range plan.TerminalPrices {
		m, err := c.cat.Model(ctx, tp.ModelID)
		if apperr.CodeOf(err) == apperr.NotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		names = append(names, m.BrandName+" "+m.Name)
	}
	return names, nil
}

func contractOf(ctx context.Context, q db.Querier, appID int64) (Contract, error) {
	var c Contract
	err := q.Get(ctx, &c, `SELECT `+contractColumns+` FROM contracts WHERE application_id = ?`, appID)
	if errors.Is(err, sql.ErrNoRows) {
		return Contract{}, apperr.ErrNotFound
	}
	if err != nil {
		return Contract{}, fmt.Errorf("contract: %w", err)
	}
	return c, nil
}

// Get returns the application's contract to its merchant or to staff.
func (c *Contracts) Get(ctx context.Context, actor auth.User, appID int64) (Contract, error) {
	if _, err := c.onb.Get(ctx, actor, appID); err != nil {
		return Contract{}, err
	}
	return contractOf(ctx, c.onb.db, appID)
}

// PDF returns the stored contract bytes, the very ones that were (or will
// be) signed.
func (c *Contracts) PDF(ctx context.Context, actor auth.User, appID int64) (Contract, []byte, error) {
	ct, err := c.Get(ctx, actor, appID)
	if err != nil {
		return Contract{}, nil, err
	}
	r, err := c.onb.blobs.Open(ctx, ct.PDFKey)
	if err != nil {
		return Contract{}, nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	return ct, b, err
}

// Sign e-signs the contract: the merchant types the legal representative's
// name and consents. The hash of the stored PDF is checked and recorded,
// and the application moves to contract_signed in the same transaction.
func (c *Contracts) Sign(ctx context.Context, actor auth.User, appID int64, signerName string, consent bool, ip, userAgent string) (Contract, error) {
	ct, doc, err := c.PDF(ctx, actor, appID)
	if err != nil {
		return Contract{}, err
	}
	if actor.Role != auth.Merchant {
		return Contract{}, apperr.ErrForbidden
	}
	a, err := c.onb.Get(ctx, actor, appID)
	if err != nil {
		return Contract{}, err
	}
	errs := map[string]string{}
	signerName = validate.NormalizePersonName(signerName)
	if signerName == "" || signerName != validate.NormalizePersonName(a.LegalRepName) {
		errs["signer_name"] = "contract.signer_mismatch"
	}
	if !consent {
		errs["consent"] = "contract.consent_required"
	}
	if ct.SignedAt != nil {
		return Contract{}, &apperr.Error{Code: apperr.Conflict, Key: "contract.already_signed"}
	}
	if len(errs) > 0 {
		return Contract{}, apperr.Fields(errs)
	}
	sum := sha256.Sum256(doc)
	if hex.EncodeToString(sum[:]) != ct.SHA256 {
		return Contract{}, fmt.Errorf("contract %d: stored PDF does not match its hash", ct.ID)
	}
	if len(userAgent) > 512 {
		userAgent = userAgent[:512]
	}
	now := c.onb.now().UTC()
	err = c.onb.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE contracts SET signer_name = ?, signer_ip = ?, signer_agent = ?, signed_sha256 = ?, signed_at = ?
			WHERE id = ? AND signed_at IS NULL`, signerName, ip, userAgent, ct.SHA256, now, ct.ID)
		if err != nil {
			return fmt.Errorf("sign contract: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &apperr.Error{Code: apperr.Conflict, Key: "contract.already_signed"}
		}
		if err := c.onb.transition(ctx, tx, &a, EvSignContract, actor, ip, change{comment: ct.Number}); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "contract.sign", EntityType: "contract",
			EntityID: &ct.ID, MerchantID: &a.MerchantID, IP: ip, Detail: map[string]any{"sha256": ct.SHA256, "signer": signerName}}); err != nil {
			return err
		}
		return emitContractSigned(ctx, tx, now, appID)
	})
	if err != nil {
		return Contract{}, err
	}
	return contractOf(ctx, c.onb.db, appID)
}
