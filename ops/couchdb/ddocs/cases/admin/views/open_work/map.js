function (doc) {
  // What each unit still has to do something about, for the closing of a unit: the cases it holds
  // and those it accepted (held elsewhere), by status; the server counts the unclosed statuses.
  // Rectifications, supervision and replies are emitted only while open (the fields are '' then).
  // A design document of its own, so that adding it never rebuilds the sync indexes.
  if (!doc.events || typeof doc.status !== 'string') return;
  if (doc.holderUnitId) emit([doc.holderUnitId, 'holder', doc.status], 1);
  if (doc.acceptedUnitId && doc.acceptedUnitId !== doc.holderUnitId) emit([doc.acceptedUnitId, 'acceptor', doc.status], 1);
  if (doc.rectificationBy) emit([doc.rectificationBy, 'rectification', doc.status], 1);
  if (doc.openSupervisionBy) emit([doc.openSupervisionBy, 'supervision', doc.status], 1);
  if (doc.replyOwedBy) emit([doc.replyOwedBy, 'reply', doc.status], 1);
}
