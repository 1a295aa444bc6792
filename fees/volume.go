package fees

// MonthlyVolumeFen is the channel's volume in one month: count × average
// ticket, or the sum over its buckets. The error is ErrOverflow when it
// does not fit in int64 fen; cv must be valid.
func (cv ChannelVolume) MonthlyVolumeFen() (int64, error) {
	var c checked
	v := channelVolume(&c, &cv)
	return v, c.err
}

func channelVolume(c *checked, cv *ChannelVolume) int64 {
	var one [1]Bucket
	var v int64
	for _, b := range cv.buckets(&one) {
		v = c.add(v, c.mul(b.TicketFen, b.MonthlyCount))
	}
	return v
}

// Averaged is cv in count × average-ticket form, for a form with one
// average per channel: buckets become their total count and their
// volume-weighted average ticket, rounded half up. ok is false when the
// buckets hold no transaction or their volume does not fit in int64 fen.
func (cv ChannelVolume) Averaged() (out ChannelVolume, ok bool) {
	if len(cv.Buckets) == 0 {
		return cv, true
	}
	var c checked
	var n, vol int64
	for _, b := range cv.Buckets {
		n = c.add(n, b.MonthlyCount)
		vol = c.add(vol, c.mul(b.MonthlyCount, b.TicketFen))
	}
	if c.err != nil || n == 0 {
		return ChannelVolume{}, false
	}
	avg := vol / n
	if vol%n >= n-n/2 { // (vol + n/2) / n, without the overflow of vol + n/2
		avg++
	}
	return ChannelVolume{Channel: cv.Channel, MonthlyCount: n, AverageTicketFen: avg}, true
}
