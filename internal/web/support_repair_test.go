package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/shanghai"
	"posportal/scheduling"
)

// repairWorld is the support world plus an installed shop in 浦东新区 for
// the merchant, the installer the tickets go to and a second installer.
type repairWorld struct {
	*supportWorld
	fitter, rival     *client
	fitterID, rivalID int64
}

func newRepairWorld(t *testing.T, d *db.DB) *repairWorld {
	t.Helper()
	w := &repairWorld{supportWorld: newSupportWorld(t, d)}
	ctx := context.Background()
	now := time.Now().UTC()
	if _, err := w.p.db.Exec(ctx, `INSERT INTO applications (merchant_id, status, shop_name, province, city, district, address,
		terminal_count, created_at, updated_at) VALUES (?, 'installed', '张三小店', '上海市', '上海市', '浦东新区', '世纪大道100号', 1, ?, ?)`,
		w.merchant.ID, now, now); err != nil {
		t.Fatal(err)
	}
	w.fitter = schedInstaller(t, w.p, "fixer@bank.example")
	w.rival = schedInstaller(t, w.p, "rival@bank.example")
	f, _ := w.p.auth.UserByEmail(ctx, "fixer@bank.example")
	r, _ := w.p.auth.UserByEmail(ctx, "rival@bank.example")
	w.fitterID, w.rivalID = f.ID, r.ID
	return w
}

// ticket opens a ticket for the merchant's device and, when installer is
// not 0, has the admin assign it to them for on-site repair.
func (w *repairWorld) ticket(t *testing.T, installer int64) string {
	t.Helper()
	var tk ticketJSON
	w.c.json("POST", "/api/v1/tickets", map[string]any{"device_id": w.device.ID, "summary": "升级后小票打印空白"}).
		wantStatus(t, http.StatusCreated).decode(t, &tk)
	id := fmt.Sprint(tk.ID)
	if installer != 0 {
		w.admin.json("POST", "/api/v1/tickets/"+id+"/assign", map[string]any{"assignee": "installer", "installer_id": installer}).
			wantStatus(t, http.StatusOK)
	}
	return id
}

type slotsResp struct {
	Slots []scheduling.Slot `json:"slots"`
}

// TestRepairVisitAPI: only staff and the assigned installer book a repair
// for a ticket they may see; booking moves the ticket to in_progress, the
// visit is the installer's and shows on the ticket; a taken time is 409
// with fresh times, and a ticket gets one booked visit at a time.
func TestRepairVisitAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newRepairWorld(t, d)
		open := w.ticket(t, 0)
		// Not routed to on-site repair yet: nothing to book.
		if e := w.admin.get("/api/v1/tickets/"+open+"/repair-slots").wantStatus(t, http.StatusConflict).apiError(t); e.Error.Code != "conflict" {
			t.Fatalf("unassigned ticket: %+v", e)
		}

		id := w.ticket(t, w.fitterID)
		slotsPath := "/api/v1/tickets/" + id + "/repair-slots"
		w.c.get(slotsPath).wantStatus(t, http.StatusForbidden)    // the owner merchant does not book repairs
		w.other.get(slotsPath).wantStatus(t, http.StatusNotFound) // another merchant's ticket
		w.rival.get(slotsPath).wantStatus(t, http.StatusNotFound) // not their ticket
		w.p.client(t).get(slotsPath).wantStatus(t, http.StatusUnauthorized)
		var slots slotsResp
		w.fitter.get(slotsPath).wantStatus(t, http.StatusOK).decode(t, &slots)
		if len(slots.Slots) == 0 {
			t.Fatal("no repair slots for the assigned installer")
		}
		if got := slots.Slots[0].End.Sub(slots.Slots[0].Start); got != time.Hour {
			t.Fatalf("repair visit length %v, want 1h", got)
		}
		start := slots.Slots[0].Start

		book := "/api/v1/tickets/" + id + "/repair-visits"
		w.c.json("POST", book, map[string]any{"start": start}).wantStatus(t, http.StatusForbidden)
		w.other.json("POST", book, map[string]any{"start": start}).wantStatus(t, http.StatusNotFound)
		w.rival.json("POST", book, map[string]any{"start": start}).wantStatus(t, http.StatusNotFound)
		w.fitter.json("POST", book, map[string]any{"start": start.Add(7 * time.Minute)}).wantStatus(t, http.StatusUnprocessableEntity)
		var ap struct {
			ID    int64  `json:"id"`
			Kind  string `json:"kind"`
			Start time.Time
		}
		w.fitter.json("POST", book, map[string]any{"start": start}).wantStatus(t, http.StatusCreated).decode(t, &ap)
		if ap.Kind != "repair" || !ap.Start.Equal(start) {
			t.Fatalf("booked %+v", ap)
		}
		var tk ticketJSON
		w.c.get("/api/v1/tickets/"+id).wantStatus(t, http.StatusOK).decode(t, &tk)
		if tk.Status != "in_progress" {
			t.Fatalf("ticket status after booking = %s, want in_progress", tk.Status)
		}
		var n int
		if err := w.p.db.Get(context.Background(), &n, `SELECT COUNT(*) FROM audit_events WHERE action = 'support.ticket.start' AND entity_id = ?`, tk.ID); err != nil || n != 1 {
			t.Fatalf("start audit events = %d, %v", n, err)
		}
		// One booked visit per ticket.
		if e := w.admin.json("POST", book, map[string]any{"start": slots.Slots[len(slots.Slots)-1].Start}).wantStatus(t, http.StatusConflict).apiError(t); e.Error.Code != "conflict" {
			t.Fatalf("second visit: %+v", e)
		}
		// The merchant, the installer and the admin see the visit; others do not.
		var visits struct {
			Appointments []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
			} `json:"appointments"`
		}
		w.c.get(book).wantStatus(t, http.StatusOK).decode(t, &visits)
		if len(visits.Appointments) != 1 || visits.Appointments[0].ID != ap.ID {
			t.Fatalf("ticket visits = %+v", visits)
		}
		w.other.get(book).wantStatus(t, http.StatusNotFound)
		w.rival.get(book).wantStatus(t, http.StatusNotFound)
		// The installer's agenda holds it.
		var agenda struct {
			Appointments []scheduling.Visit `json:"appointments"`
		}
		w.fitter.get("/api/v1/installers/me/appointments?days=14").wantStatus(t, http.StatusOK).decode(t, &agenda)
		if len(agenda.Appointments) != 1 || agenda.Appointments[0].Kind != scheduling.Repair || agenda.Appointments[0].ShopName != "张三小店" {
			t.Fatalf("agenda = %+v", agenda.Appointments)
		}

		// Another ticket for the same installer at the same time: 409 with
		// fresh times that no longer offer it.
		second := w.ticket(t, w.fitterID)
		res := w.admin.json("POST", "/api/v1/tickets/"+second+"/repair-visits", map[string]any{"start": start}).wantStatus(t, http.StatusConflict)
		var conflict struct {
			Error struct {
				Code  string            `json:"code"`
				Slots []scheduling.Slot `json:"slots"`
			} `json:"error"`
		}
		res.decode(t, &conflict)
		if conflict.Error.Code != "conflict" || len(conflict.Error.Slots) == 0 {
			t.Fatalf("taken slot: %s", res.body)
		}
		for _, s := range conflict.Error.Slots {
			if s.Start.Equal(start) {
				t.Fatal("fresh slots still offer the taken time")
			}
		}
		var st ticketJSON
		w.admin.get("/api/v1/tickets/"+second).wantStatus(t, http.StatusOK).decode(t, &st)
		if st.Status != "assigned" {
			t.Fatalf("a lost booking moved the ticket to %s", st.Status)
		}
	})
}

// TestRepairVisitRace: two staff book the same installer at the same time
// for two tickets at once; exactly one wins, on both databases.
func TestRepairVisitRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newRepairWorld(t, d)
		a, b := w.ticket(t, w.fitterID), w.ticket(t, w.fitterID)
		var slots slotsResp
		w.admin.get("/api/v1/tickets/"+a+"/repair-slots").wantStatus(t, http.StatusOK).decode(t, &slots)
		if len(slots.Slots) == 0 {
			t.Fatal("no slots")
		}
		start := slots.Slots[0].Start
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i, id := range []string{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := w.admin
				if i == 1 {
					c = w.fitter
				}
				codes[i] = c.json("POST", "/api/v1/tickets/"+id+"/repair-visits", map[string]any{"start": start}).StatusCode
			}()
		}
		wg.Wait()
		if !(codes[0] == http.StatusCreated && codes[1] == http.StatusConflict) && !(codes[0] == http.StatusConflict && codes[1] == http.StatusCreated) {
			t.Fatalf("concurrent bookings answered %v, want one 201 and one 409", codes)
		}
		var n int
		if err := w.p.db.Get(context.Background(), &n, `SELECT COUNT(*) FROM sched_appointments WHERE kind = 'repair' AND status = 'booked'`); err != nil || n != 1 {
			t.Fatalf("booked repair visits = %d, %v", n, err)
		}
	})
}

// TestRepairVisitPages: the assigned installer books from the ticket page
// without JS; the visit then shows on the ticket (in Chinese), in the
// installer's agenda and in their calendar feed; merchants cannot open
// the booking page.
func TestRepairVisitPages(t *testing.T) {
	w := newRepairWorld(t, nil)
	id := w.ticket(t, w.fitterID)
	inst := w.fitter.browser()
	inst.header.Set("Accept-Language", "zh-CN")
	wantBody(t, inst.get("/tickets/"+id).wantStatus(t, http.StatusOK), `href="/tickets/`+id+`/repair"`, "尚未预约上门维修")
	w.c.browser()
	if strings.Contains(w.c.get("/tickets/"+id).wantStatus(t, http.StatusOK).body, `data-testid="book-repair"`) {
		t.Fatal("the merchant is offered the repair booking")
	}
	w.c.get("/tickets/"+id+"/repair").wantStatus(t, http.StatusForbidden)
	w.rival.browser().get("/tickets/"+id+"/repair").wantStatus(t, http.StatusNotFound)

	page := inst.get("/tickets/"+id+"/repair").wantStatus(t, http.StatusOK)
	wantBody(t, page, "预约上门维修", `data-testid="repair-times"`)
	i := strings.Index(page.body, `name="start" value="`)
	if i < 0 {
		t.Fatal("no time offered")
	}
	v := page.body[i+len(`name="start" value="`):]
	unix := v[:strings.Index(v, `"`)]
	inst.postForm("/tickets/"+id+"/repair", url.Values{"start": {"12345"}}).wantStatus(t, http.StatusUnprocessableEntity)
	inst.postForm("/tickets/"+id+"/repair", url.Values{"start": {unix}}).wantStatus(t, http.StatusSeeOther)
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Unix(sec, 0).In(shanghai.Location)
	ticket := inst.get("/tickets/"+id).wantStatus(t, http.StatusOK)
	wantBody(t, ticket, `data-testid="repair-visits"`, when.Format("15:04"), "张三小店", "处理中")
	if strings.Contains(ticket.body, `data-testid="book-repair"`) {
		t.Fatal("a second visit is offered while one is booked")
	}
	wantBody(t, w.c.get("/tickets/"+id).wantStatus(t, http.StatusOK), `data-testid="repair-visits"`, when.Format("15:04"))
	wantBody(t, inst.get("/tickets/"+id+"/repair").wantStatus(t, http.StatusOK), `data-testid="repair-already"`)
	wantBody(t, inst.get("/installer/agenda?view=day&date="+when.Format(time.DateOnly)).wantStatus(t, http.StatusOK), "张三小店", "上门维修")

	rotated := inst.postForm("/installer/calendar-token", nil).wantStatus(t, http.StatusOK)
	s := strings.Index(rotated.body, "/calendar/")
	e := strings.Index(rotated.body[s:], ".ics")
	feed := w.p.client(t).get(rotated.body[s:s+e+4]).wantStatus(t, http.StatusOK)
	if !strings.Contains(feed.body, "张三小店") || !strings.Contains(feed.body, when.Format("20060102T150405")) {
		t.Fatalf("feed lacks the repair visit: %.600s", feed.body)
	}
}
