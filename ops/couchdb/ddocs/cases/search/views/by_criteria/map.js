function (doc) {
  // The city's case search, newest first within each key: [dimension, value, value, accepted at,
  // case id] (the id makes every key one row's, so a page resumes exactly after the last it read).
  // By the applicant's ID number (exact), by item, by unit (accepted or handled there), by both,
  // or by date alone. Read only by the gateway (the hub is admin-only).
  var f = doc.figures;
  if (!f || !doc.events || !doc.itemCode) return;
  var accept = null;
  for (var i = 0; i < doc.events.length; i++) {
    if (doc.events[i].type === 'accept') {
      accept = doc.events[i];
      break;
    }
  }
  var t = f.acceptedAt;
  var id = doc._id;
  emit(['all', '', '', t, id], null);
  emit(['item', doc.itemCode, '', t, id], null);
  if (accept && accept.data && accept.data.applicant && accept.data.applicant.idNumber) {
    emit(['id', accept.data.applicant.idNumber, '', t, id], null);
  }
  var seen = {};
  for (var j = 0; j < f.holds.length; j++) {
    var unitId = f.holds[j].unitId;
    if (seen[unitId] === true) continue;
    seen[unitId] = true;
    emit(['unit', unitId, '', t, id], null);
    emit(['item-unit', doc.itemCode, unitId, t, id], null);
  }
}
