function (doc) {
  // Working hours (09:00-17:00, UTC+8) a unit was heard in on a Monday to Friday, by period and
  // unit; reduced with _sum. Holidays and make-up working days come from the unit's calendar on the
  // server (by_day). As schemas/rules/availability.ts says (the unit tests run this against it).
  if (!doc.unitId || typeof doc.day !== 'string' || !doc.hours) return;
  var working = 0;
  for (var i = 0; i < doc.hours.length; i++) {
    if (doc.hours[i] >= 9 && doc.hours[i] < 17) working += 1;
  }
  if (working === 0) return;
  var y = Number(doc.day.slice(0, 4));
  var m = Number(doc.day.slice(5, 7));
  var weekday = new Date(Date.UTC(y, m - 1, Number(doc.day.slice(8, 10)))).getUTCDay();
  if (weekday === 0 || weekday === 6) return;
  emit([doc.day.slice(0, 7), doc.unitId], working);
  emit([doc.day.slice(0, 4) + '-Q' + Math.ceil(m / 3), doc.unitId], working);
  emit([doc.day.slice(0, 4), doc.unitId], working);
}
