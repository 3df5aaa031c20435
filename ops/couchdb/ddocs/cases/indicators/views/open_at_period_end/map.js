function (doc) {
  // Concluded cases that were still open at the end of a period (month, quarter, year, UTC+8):
  // a past period's backlog and overdue count, whatever happened to the case since.
  var f = doc.figures;
  if (!f || f.concludedAt === null || !doc.acceptedUnitId) return;
  var value = { acceptor: doc.acceptedUnitId, acceptedAt: f.acceptedAt, promisedDays: f.promisedDays, holds: f.holds, pauses: f.pauses };
  var local = new Date(f.acceptedAt + 28800000);
  var y = local.getUTCFullYear();
  var m = local.getUTCMonth() + 1;
  for (;;) {
    // The last millisecond of month m: the first of the next month, local, less one.
    var last = Date.UTC(y, m, 1) - 28800000 - 1;
    if (last >= f.concludedAt) break;
    emit(y + '-' + (m < 10 ? '0' + m : String(m)), value);
    if (m % 3 === 0) emit(y + '-Q' + (m / 3), value);
    if (m === 12) emit(String(y), value);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}
