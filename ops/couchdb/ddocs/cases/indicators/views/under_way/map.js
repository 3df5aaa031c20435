function (doc) {
  // Cases not concluded yet, by acceptance: the backlog and overdue count now, and the part of a
  // past period's that is still open.
  var f = doc.figures;
  if (!f || f.concludedAt !== null || !doc.acceptedUnitId) return;
  emit(f.acceptedAt, { acceptor: doc.acceptedUnitId, acceptedAt: f.acceptedAt, promisedDays: f.promisedDays, holds: f.holds, pauses: f.pauses });
}
