function (doc) {
  // The city's network-wide lists, read a page at a time (server/services/network-lists.ts):
  // [list, order, sort key, case id]. Cases under way (the `underWay` status group of
  // schemas/rules/case-status.ts; a unit test holds them equal) and cases with a rectification
  // open, each newest step first and most urgent first. The id makes each key one row's.
  if (typeof doc.status !== 'string' || typeof doc.listOrder !== 'string') return;
  var UNDER_WAY = { accepted: true, handling: true, supplement_requested: true, suspended: true };
  if (UNDER_WAY[doc.status] === true) {
    emit(['underWay', 'recent', doc.listOrder, doc._id], null);
    if (typeof doc.dueDay === 'number') emit(['underWay', 'urgency', doc.dueDay, doc._id], null);
  }
  if (typeof doc.rectificationBy === 'string' && doc.rectificationBy !== '') {
    emit(['rectifying', 'recent', doc.listOrder, doc._id], null);
    if (typeof doc.dueDay === 'number') emit(['rectifying', 'urgency', doc.dueDay, doc._id], null);
  }
}
