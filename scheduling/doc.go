// Package scheduling is installation and training scheduling (SPEC §5):
// installer profiles with their districts, weekly hours and blocked dates;
// slot search over them; race-safe booking, rescheduling and cancelling of
// appointments; completion records; the installer's iCal feed; and the
// reminders sent 24 h before a visit.
//
// Booking an installation moves the application through onboarding's
// state machine in the same transaction as the appointment row, via
// onboarding.Service.FireInTx.
package scheduling
