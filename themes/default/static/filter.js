// The filters of a plan's project list. Without this script each filter is a link to a page
// listing the matching projects; with it the links become toggle buttons that filter the list in
// place. One value per kind of filter (rating, department, fiscal year); kinds combine.
(() => {
  const find = document.getElementById("find");
  const table = document.getElementById("project-list");
  const status = document.getElementById("filter-status");
  const reset = document.getElementById("filter-reset");
  if (!find || !table || !status || !reset) return;

  const rows = Array.from(table.tBodies[0].rows);
  const active = new Map(); // kind of filter → value
  const buttons = [];

  for (const link of find.querySelectorAll("a[data-filter]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.dataset.filter = link.dataset.filter;
    button.dataset.value = link.dataset.value;
    button.dataset.href = link.getAttribute("href");
    button.setAttribute("aria-pressed", "false");
    button.append(...link.childNodes);
    link.replaceWith(button);
    buttons.push(button);
    button.addEventListener("click", () => {
      const { filter, value } = button.dataset;
      if (active.get(filter) === value) active.delete(filter);
      else active.set(filter, value);
      apply();
    });
  }
  reset.hidden = false;
  reset.addEventListener("click", () => {
    active.clear();
    apply();
  });

  // A row matches when, for every active filter, its data attribute lists the value.
  const matches = (row) =>
    Array.from(active).every(([filter, value]) =>
      (row.dataset[filter] || "").split(" ").includes(value),
    );

  function apply() {
    let shown = 0;
    for (const row of rows) {
      row.hidden = !matches(row);
      if (!row.hidden) shown += 1;
    }
    for (const button of buttons) {
      const pressed = active.get(button.dataset.filter) === button.dataset.value;
      button.setAttribute("aria-pressed", String(pressed));
    }
    status.textContent =
      active.size === 0
        ? `全${rows.length}件を表示しています`
        : `${shown}件を表示しています（全${rows.length}件）`;
  }
})();
