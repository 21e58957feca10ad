/*
 * The proposal page's milestones and milestone items: add a row by cloning the
 * formset's <template> (its empty form), remove one by ticking its DELETE box,
 * fill a row from the rate picked in it, and keep the running totals.
 * Without JavaScript the page still works: "Add" buttons post the page back
 * with a blank row, removal is the DELETE box, the server fills rows from
 * their rate when the unit price is blank, and shows the totals.
 *
 * Markup (see oscar_bidding/dashboard/partials/milestone_form.html):
 *   <button data-formset-add="PREFIX">       adds a row to #PREFIX-rows
 *   <template id="PREFIX-template">          the empty form, "PREFIX-__prefix__"
 *   <... data-formset-row="FORM_PREFIX">     a row, with FORM_PREFIX-DELETE inside
 *   <form data-currency data-decimals>       what the totals are in
 *
 * The totals mirror oscar_bidding.money.line_amounts: tax rounded half up per
 * unit, times the quantity, in whole minor units (no floating point sums).
 * The server's figures, shown when the page comes back, are the reference.
 */
(function () {
    "use strict";

    function renumberMilestones() {
        var number = 0;
        document.querySelectorAll(".js-milestone").forEach(function (milestone) {
            if (!milestone.hidden) {
                number += 1;
                milestone.querySelector(".js-milestone-number").textContent = number;
            }
        });
    }

    function enhance(root) {
        root.querySelectorAll("[data-formset-add], .js-remove-row").forEach(function (button) {
            button.hidden = false;
        });
        root.querySelectorAll(".js-delete-field").forEach(function (field) {
            field.hidden = true;
        });
        root.querySelectorAll("[data-formset-row]").forEach(function (row) {
            var checkbox = row.querySelector('input[name="' + row.dataset.formsetRow + '-DELETE"]');
            if (checkbox && checkbox.checked) {
                row.hidden = true;
            }
        });
    }

    function addRow(prefix) {
        var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
        var template = document.getElementById(prefix + "-template");
        var rows = document.getElementById(prefix + "-rows");
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.split(prefix + "-__prefix__").join(prefix + "-" + index);
        rows.insertAdjacentHTML("beforeend", html);
        total.value = index + 1;
        enhance(rows);
        renumberMilestones();
        var first = rows.lastElementChild.querySelector("input:not([type=hidden]), select");
        if (first) {
            first.focus();
        }
    }

    function removeRow(row) {
        row.querySelector('input[name="' + row.dataset.formsetRow + '-DELETE"]').checked = true;
        row.hidden = true;
        renumberMilestones();
    }

    function field(row, name) {
        return row.querySelector('[name="' + row.dataset.formsetRow + "-" + name + '"]');
    }

    /* "12.5" in minor units at "decimals" places (1250), or null. */
    function minorUnits(text, decimals) {
        var match = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text || "");
        if (!match) {
            return null;
        }
        var fraction = (match[2] || "");
        if (fraction.length > decimals) {
            return null;
        }
        while (fraction.length < decimals) {
            fraction += "0";
        }
        return parseInt(match[1] + fraction, 10);
    }

    function itemAmounts(row, decimals) {
        if (row.hidden || !field(row, "unit_price")) {
            return null;
        }
        var quantity = parseInt(field(row, "quantity").value, 10);
        var unitPrice = minorUnits(field(row, "unit_price").value, decimals);
        var basisPoints = minorUnits(field(row, "tax_rate").value || "0", 2);  // 20.00 % -> 2000
        if (!(quantity > 0) || unitPrice === null || basisPoints === null) {
            return null;
        }
        var unitTax = Math.floor((unitPrice * basisPoints + 5000) / 10000);
        return {excl: quantity * unitPrice, tax: quantity * unitTax};
    }

    function updateTotals(form) {
        var decimals = parseInt(form.dataset.decimals || "2", 10);
        var format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
            style: "currency", currency: form.dataset.currency,
            minimumFractionDigits: decimals, maximumFractionDigits: decimals
        });
        function show(box, amounts) {
            var scale = Math.pow(10, decimals);
            box.querySelector(".js-total-excl-tax").textContent = format.format(amounts.excl / scale);
            box.querySelector(".js-total-tax").textContent = format.format(amounts.tax / scale);
            box.querySelector(".js-total-incl-tax").textContent = format.format((amounts.excl + amounts.tax) / scale);
        }
        var proposal = {excl: 0, tax: 0};
        form.querySelectorAll(".js-milestone").forEach(function (milestone) {
            var sum = {excl: 0, tax: 0};
            milestone.querySelectorAll("tbody [data-formset-row]").forEach(function (row) {
                var amounts = itemAmounts(row, decimals);
                if (amounts) {
                    sum.excl += amounts.excl;
                    sum.tax += amounts.tax;
                }
            });
            var box = milestone.querySelector(".js-running-totals");
            if (box) {
                show(box, sum);
            }
            if (!milestone.hidden) {
                proposal.excl += sum.excl;
                proposal.tax += sum.tax;
            }
        });
        var total = form.querySelector(".js-proposal-totals .js-running-totals");
        if (total) {
            show(total, proposal);
        }
    }

    function applyRate(select) {
        var option = select.options[select.selectedIndex];
        var row = select.closest("[data-formset-row]");
        if (!option || !option.dataset.unitPrice || !row) {
            return;
        }
        field(row, "description").value = option.dataset.description;
        field(row, "unit_price").value = option.dataset.unitPrice;
        field(row, "tax_rate").value = option.dataset.taxRate;
        if (!field(row, "quantity").value) {
            field(row, "quantity").value = "1";
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        var form = document.querySelector("[data-proposal-form]");
        if (!form) {
            return;
        }
        enhance(form);
        form.addEventListener("click", function (event) {
            var add = event.target.closest("[data-formset-add]");
            var remove = event.target.closest(".js-remove-row");
            if (add) {
                event.preventDefault();
                addRow(add.dataset.formsetAdd);
            } else if (remove) {
                removeRow(remove.closest("[data-formset-row]"));
            } else {
                return;
            }
            updateTotals(form);
        });
        form.addEventListener("change", function (event) {
            if (event.target.matches('select[name$="-rate"]') && !event.target.name.startsWith("generate-")) {
                applyRate(event.target);
            }
            updateTotals(form);
        });
        form.addEventListener("input", function () {
            updateTotals(form);
        });
    });
})();
