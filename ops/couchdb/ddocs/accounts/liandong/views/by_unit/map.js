function (doc) {
  if (doc.unitId) {
    emit(doc.unitId, null);
  }
}
