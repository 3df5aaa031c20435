function (doc) {
  // What the indicators count, by period (`2026-11`, `2026-Q4`, `2026`, in UTC+8), unit and measure;
  // reduced with _sum. The periods as schemas/rules/periods.ts names them; who is counted for what
  // as schemas/rules/indicators.ts says (the unit-tests run this function against those rules).
  var f = doc.figures;
  if (!f || !doc.acceptedUnitId || !doc.holderUnitId) return;
  function count(ms, unitId, measure) {
    var local = new Date(ms + 28800000);
    var y = local.getUTCFullYear();
    var m = local.getUTCMonth() + 1;
    emit([y + '-' + (m < 10 ? '0' + m : String(m)), unitId, measure], 1);
    emit([y + '-Q' + Math.ceil(m / 3), unitId, measure], 1);
    emit([String(y), unitId, measure], 1);
  }
  count(f.acceptedAt, doc.acceptedUnitId, 'accepted');
  // A concluded case is the unit's that held it then: nothing moves it after its conclusion.
  if (f.outcome === 'decided') count(f.concludedAt, doc.holderUnitId, 'concluded');
  if (f.outcome === 'withdrawn') count(f.concludedAt, doc.acceptedUnitId, 'withdrawn');
  // A rating is the handling unit's, as the rectification it may open.
  if (f.rating !== null) {
    count(f.ratedAt, doc.holderUnitId, 'rated');
    if (f.rating >= 4) count(f.ratedAt, doc.holderUnitId, 'ratedGood');
  }
  for (var i = 0; i < f.followUps.length; i++) {
    count(f.followUps[i].at, f.followUps[i].to, 'urgesReceived');
  }
  if (f.rectification !== null) count(f.rectification.at, f.rectification.unitId, 'rectifications');
}
