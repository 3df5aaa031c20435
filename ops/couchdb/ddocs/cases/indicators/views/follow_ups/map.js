function (doc) {
  // Urges and supervisions by the moment they were opened (the reply owed by `unitId`), and the
  // rectification a bad rating opened: whether each was done in time is counted on the server.
  var f = doc.figures;
  if (!f) return;
  for (var i = 0; i < f.followUps.length; i++) {
    var item = f.followUps[i];
    emit(item.at, { kind: 'reply', unitId: item.to, acceptor: doc.acceptedUnitId, at: item.at, days: item.days, doneAt: item.repliedAt });
  }
  if (f.rectification !== null) {
    emit(f.rectification.at, { kind: 'rectification', unitId: f.rectification.unitId, acceptor: doc.acceptedUnitId, at: f.rectification.at, days: 0, doneAt: f.rectification.closedAt });
  }
}
