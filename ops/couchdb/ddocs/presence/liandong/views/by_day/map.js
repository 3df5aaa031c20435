function (doc) {
  // Working hours (09:00-17:00, UTC+8) a unit was heard in, by day and unit: read for the holidays
  // and make-up working days of a period only.
  if (!doc.unitId || typeof doc.day !== 'string' || !doc.hours) return;
  var working = 0;
  for (var i = 0; i < doc.hours.length; i++) {
    if (doc.hours[i] >= 9 && doc.hours[i] < 17) working += 1;
  }
  if (working > 0) emit([doc.day, doc.unitId], working);
}
