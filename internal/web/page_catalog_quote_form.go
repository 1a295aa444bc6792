package web

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/money"
)

// The fee calculator's form: per channel "<channel>_count" and
// "<channel>_ticket" (yuan), then months, terminals, acquisition,
// settlement and model_id. It is a GET form, so a ranking can be
// bookmarked and its PDF link carries the same query.
const (
	quoteDefaultMonths    = "12"
	quoteDefaultTerminals = "1"
)

// quoteForm is the calculator's input as typed and as a fees request.
type quoteForm struct {
	Values map[string]string
	Errors map[string]string
	Req    fees.QuoteRequest
	// channelAt maps profile.channels[i] back to its form row.
	channelAt []fees.Channel
}

// quoteSubmitted reports whether the form was sent (it always sends months).
func quoteSubmitted(q url.Values) bool { return q.Has("months") }

// readQuoteForm parses the query; Errors holds what could not be read at
// all (not a number); the fees rules are checked by the service.
func readQuoteForm(q url.Values) quoteForm {
	f := quoteForm{Values: map[string]string{}, Errors: map[string]string{}}
	get := func(name, def string) string {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			v = def
		}
		f.Values[name] = v
		return v
	}
	for _, ch := range fees.Channels() {
		count, ticket := get(string(ch)+"_count", ""), get(string(ch)+"_ticket", "")
		if count == "" && ticket == "" {
			continue
		}
		cv := fees.ChannelVolume{Channel: ch}
		if count != "" {
			n, err := strconv.ParseInt(count, 10, 64)
			if err != nil {
				f.Errors[string(ch)+"_count"] = "fees.field.whole"
			}
			cv.MonthlyCount = n
		}
		if ticket != "" {
			fen, err := money.ParseYuan(ticket)
			if err != nil {
				f.Errors[string(ch)+"_ticket"] = "fees.field.yuan"
			}
			cv.AverageTicketFen = fen
		}
		f.Req.Profile.Channels = append(f.Req.Profile.Channels, cv)
		f.channelAt = append(f.channelAt, ch)
	}
	if n, err := strconv.Atoi(get("months", quoteDefaultMonths)); err != nil {
		f.Errors["months"] = "fees.field.whole"
	} else {
		f.Req.Months = n
	}
	if n, err := strconv.ParseInt(get("terminals", quoteDefaultTerminals), 10, 64); err != nil {
		f.Errors["terminals"] = "fees.field.whole"
	} else {
		f.Req.TerminalCount = n
	}
	f.Req.Acquisition = fees.Acquisition(get("acquisition", string(fees.Purchase)))
	f.Req.Settlement = fees.Settlement(get("settlement", string(fees.SettlementT1)))
	if v := get("model_id", ""); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			f.Errors["model_id"] = "catalog.field.choose"
		}
		f.Req.ModelID = &id
	}
	return f
}

// prefilledQuery is the query (e.g. a model chosen on its page) with the
// form's defaults and a profile filled in, as if the merchant had typed it.
func prefilledQuery(q url.Values, p fees.Profile) url.Values {
	f := readQuoteForm(q)
	f.prefill(p)
	return quoteQuery(f.Values)
}

// quoteQuery is the form's values as a query, empty ones left out.
func quoteQuery(v map[string]string) url.Values {
	q := url.Values{}
	for k, val := range v {
		if val != "" {
			q.Set(k, val)
		}
	}
	return q
}

// prefill puts a profile into the form's values.
func (f *quoteForm) prefill(p fees.Profile) {
	for _, cv := range p.Channels {
		// The form has one average per channel.
		cv, ok := cv.Averaged()
		if !ok {
			continue
		}
		f.Values[string(cv.Channel)+"_count"] = strconv.FormatInt(cv.MonthlyCount, 10)
		f.Values[string(cv.Channel)+"_ticket"] = money.Plain(cv.AverageTicketFen)
	}
}

var quoteChannelPath = regexp.MustCompile(`^profile\.channels\[(\d+)\]\.(monthly_count|average_ticket_fen)$`)

// fieldErrors maps the service's field paths onto the form's inputs; what
// has no input of its own (e.g. no channel at all) becomes the form-level
// message.
func (f *quoteForm) fieldErrors(e *apperr.Error) (fields map[string]string, formKey string) {
	fields, formKey = map[string]string{}, e.Key
	for path, key := range e.Fields {
		if m := quoteChannelPath.FindStringSubmatch(path); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(f.channelAt) {
				suffix := "_ticket"
				if m[2] == "monthly_count" {
					suffix = "_count"
				}
				fields[string(f.channelAt[i])+suffix] = key
				continue
			}
		}
		switch path {
		case "months", "acquisition", "settlement", "model_id":
			fields[path] = key
		case "terminal_count":
			fields["terminals"] = key
		default:
			formKey = key
		}
	}
	return fields, formKey
}
