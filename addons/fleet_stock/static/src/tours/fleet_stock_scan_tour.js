/** @odoo-module **/

import {registry} from "@web/core/registry";

// A field operator scans an article on their phone: asking for more than the truck holds is
// refused with a clear message, then two filters are taken out for their intervention.
registry.category("web_tour.tours").add("fleet_stock_scan_take_out", {
    steps: () => [
        {
            content: "The scan page shows the article and the stock of the operator's truck",
            trigger: ".o_fs_scan_stock tr:contains('Porteur 26 T') .o_fs_qty:contains('6')",
        },
        {
            content: "Take out for an intervention",
            trigger: "select[name='action']",
            run: "select intervention",
        },
        {
            content: "Too many",
            trigger: "input[name='quantity']",
            run: "edit 9",
        },
        {
            content: "From the truck",
            trigger: "select[name='depot_id']",
            run: "selectByLabel Porteur 26 T",
        },
        {
            content: "For the intervention",
            trigger: "select[name='task_id']",
            run: "selectByLabel Nettoyage centrale de Lambesc",
        },
        {
            content: "Validate",
            trigger: "button.o_fs_scan_submit",
            run: "click",
        },
        {
            content: "Refused: not enough in the truck",
            trigger: ".o_fs_scan_error:contains('Not enough')",
        },
        {
            content: "Nothing moved",
            trigger: ".o_fs_scan_stock tr:contains('Porteur 26 T') .o_fs_qty:contains('6')",
        },
        {
            content: "Two, this time",
            trigger: "input[name='quantity']",
            run: "edit 2",
        },
        {
            content: "Validate again",
            trigger: "button.o_fs_scan_submit",
            run: "click",
        },
        {
            content: "Recorded",
            trigger: ".o_fs_scan_done",
        },
        {
            content: "Four left in the truck",
            trigger: ".o_fs_scan_stock tr:contains('Porteur 26 T') .o_fs_qty:contains('4')",
        },
    ],
});

// At reception the storekeeper scans an article of a supplier order: two of the five ordered
// are received into the workshop, the other three stay expected.
registry.category("web_tour.tours").add("fleet_stock_scan_receive", {
    steps: () => [
        {
            content: "The workshop holds three brushes",
            trigger: ".o_fs_scan_stock tr:contains('Atelier') .o_fs_qty:contains('3')",
        },
        {
            content: "Receive a purchase",
            trigger: "select[name='action']",
            run: "select receive",
        },
        {
            content: "The supplier order to receive is offered",
            trigger: "select[name='receipt_move_id']:has(option:contains('(5)'))",
        },
        {
            content: "Two received",
            trigger: "input[name='quantity']",
            run: "edit 2",
        },
        {
            content: "Validate",
            trigger: "button.o_fs_scan_submit",
            run: "click",
        },
        {
            content: "Recorded",
            trigger: ".o_fs_scan_done",
        },
        {
            content: "Five brushes in the workshop now",
            trigger: ".o_fs_scan_stock tr:contains('Atelier') .o_fs_qty:contains('5')",
        },
        {
            content: "The three still expected can be received later",
            trigger: "select[name='receipt_move_id']:has(option:contains('(3)'))",
        },
    ],
});
