function (doc) {
  // The cases each unit works on (schemas/rules/case-copies.ts `unitsWorkingOn`): its holder, the
  // units steps sent it to, the units that took a step. The city's first sync walks its own key.
  var seen = {};
  function add(unitId) {
    if (typeof unitId !== 'string' || unitId === '' || seen[unitId] === true) return;
    seen[unitId] = true;
    emit([unitId, doc._id], null);
  }
  add(doc.holderUnitId);
  if (Array.isArray(doc.events)) {
    for (var i = 0; i < doc.events.length; i++) {
      var event = doc.events[i];
      if (!event || typeof event !== 'object') continue;
      add(event.unitId);
      if (event.data && typeof event.data === 'object') add(event.data.toUnitId);
    }
  }
}
