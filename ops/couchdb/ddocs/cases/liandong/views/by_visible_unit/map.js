function (doc) {
  if (Array.isArray(doc.visibleTo)) {
    doc.visibleTo.forEach(function (unitId) {
      emit([unitId, doc._id], null);
    });
  }
}
