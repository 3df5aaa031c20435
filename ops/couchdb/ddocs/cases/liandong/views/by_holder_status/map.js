function (doc) {
  if (doc.holderUnitId && doc.status) {
    emit([doc.holderUnitId, doc.status], 1);
  }
}
