function (doc) {
  if (typeof doc.caseNumber === 'string' && doc.caseNumber.length > 0) {
    emit(doc.caseNumber, null);
  }
}
