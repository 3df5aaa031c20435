function (doc) {
  // Decided cases (准予, 不予) by the moment they were concluded: on time and working days are
  // counted from these on the server, in the accepting unit's calendar.
  var f = doc.figures;
  if (!f || f.outcome !== 'decided' || !doc.holderUnitId) return;
  emit(f.concludedAt, { unitId: doc.holderUnitId, acceptor: doc.acceptedUnitId, acceptedAt: f.acceptedAt, concludedAt: f.concludedAt, promisedDays: f.promisedDays, pauses: f.pauses });
}
