/** @odoo-module **/

import {registry} from "@web/core/registry";

// A technician's day on a ticket, in the backend: he opens the ticket, logs his time, records
// the spare part he used and closes the ticket.
registry.category("web_tour.tours").add("it_park_technician_ticket", {
    url: "/odoo/action-it_park.it_ticket_action",
    steps: () => [
        {
            content: "Open the ticket from the list",
            trigger: ".o_data_row td:contains('Le NAS ne répond plus')",
            run: "click",
        },
        {
            content: "The ticket form shows its asset",
            trigger: ".o_form_view div[name='it_asset_ids']:contains('Serveur NAS')",
        },
        {
            content: "Time spent tab",
            trigger: ".o_notebook a[name='it_timesheets']",
            run: "click",
        },
        {
            content: "Add a line of time",
            trigger: "div[name='it_timesheet_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe the work",
            trigger: "div[name='it_timesheet_ids'] .o_selected_row div[name='name'] input",
            run: "edit Remplacement du disque",
        },
        {
            content: "Hours spent",
            trigger: "div[name='it_timesheet_ids'] .o_selected_row div[name='unit_amount'] input",
            run: "edit 1:30",
        },
        {
            content: "Save the ticket",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The time is logged",
            trigger: ".o_form_saved div[name='it_timesheet_ids'] .o_data_row:contains('Remplacement du disque')",
        },
        {
            content: "Parts tab",
            trigger: ".o_notebook a[name='it_parts']",
            run: "click",
        },
        {
            content: "Record a part used",
            trigger: "button[name='action_it_consume_parts']",
            run: "click",
        },
        {
            content: "Add a part",
            trigger: ".modal div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the part",
            trigger: ".modal div[name='line_ids'] .o_selected_row div[name='product_id'] input",
            run: "edit Disque SSD",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item a:contains('Disque SSD 512 Go')",
            run: "click",
        },
        {
            content: "Deliver the part",
            trigger: ".modal button[name='action_deliver']",
            run: "click",
        },
        {
            content: "The part is on the ticket",
            trigger: "body:not(:has(.modal)) div[name='it_move_ids'] .o_data_row:contains('Disque SSD 512 Go')",
        },
        {
            content: "Open the closed stages",
            trigger: ".o_statusbar_status button.dropdown-toggle.o_first",
            run: "click",
        },
        {
            content: "Close the ticket",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Done')",
            run: "click",
        },
        {
            content: "The ticket is closed",
            trigger:
                "body:not(:has(.o_form_dirty)) .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the list of tickets",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The list of open tickets is shown",
            trigger: ".o_breadcrumb .active:contains('Tickets')",
        },
    ],
});
