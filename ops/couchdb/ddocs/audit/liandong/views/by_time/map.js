function (doc) {
  // Audit record ids start with the time they were made (`a` + 13-digit ms): newest first by key.
  if (typeof doc.at === 'number' && doc.action) {
    emit(doc._id, null);
  }
}
