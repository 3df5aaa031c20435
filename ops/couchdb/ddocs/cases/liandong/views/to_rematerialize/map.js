function (doc) {
  // Cases stored before a derived field existed, or in its older form (a list order without its
  // green-channel mark): the gateway materializes them again at start.
  if (doc.events && (typeof doc.listOrder !== 'string' || doc.listOrder.length !== 22 || doc.dueDay === undefined || doc.greenChannel === undefined || doc.replyOwedBy === undefined || doc.openSupervisionBy === undefined || doc.rectificationBy === undefined || doc.figures === undefined)) {
    emit(doc._id, null);
  }
}
