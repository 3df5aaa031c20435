function (doc) {
  if (doc.unitId) {
    emit([doc.unitId, doc.receivedAt], null);
  }
}
