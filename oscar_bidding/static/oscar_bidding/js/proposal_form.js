/*
 * The proposal page's milestones and milestone items: add a row by cloning the
 * formset's <template> (its empty form), remove one by ticking its DELETE box.
 * Without JavaScript the page still works: it shows extra empty rows and the
 * DELETE boxes.
 *
 * Markup (see oscar_bidding/dashboard/partials/milestone_form.html):
 *   <button data-formset-add="PREFIX">       adds a row to #PREFIX-rows
 *   <template id="PREFIX-template">          the empty form, "PREFIX-__prefix__"
 *   <... data-formset-row="FORM_PREFIX">     a row, with FORM_PREFIX-DELETE inside
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
        var first = rows.lastElementChild.querySelector("input:not([type=hidden])");
        if (first) {
            first.focus();
        }
    }

    function removeRow(row) {
        row.querySelector('input[name="' + row.dataset.formsetRow + '-DELETE"]').checked = true;
        row.hidden = true;
        renumberMilestones();
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
                addRow(add.dataset.formsetAdd);
            } else if (remove) {
                removeRow(remove.closest("[data-formset-row]"));
            }
        });
    });
})();
